import EBMProtocols
import Foundation
import Tensors

/// `ebm sample CHECKPOINT`: draws samples from a trained energy and writes them as CSV or JSON.
///
/// - Unconditional energies: `--count` points from the task's evaluation sampler (else the
///   pipeline's sampler). A dynamics sampler (Langevin, …) samples the energy directly; a
///   proposal with a density is corrected by sampling–importance–resampling: 16·count
///   proposals y ~ q, weights w ∝ exp(−E(y)) / q(y), `count` draws from the weights.
/// - Conditional energies: `--count` candidates y for each of the first `--inputs` test
///   inputs x, started (dynamics) or centred (proposals, with the same resampling) at the
///   test targets.
/// - Label energies: `--count` labels per test input from p(y | x) = softmax(−E(x, ·)).
struct SampleCommand: Subcommand {
  let name = "sample"
  let abstract = "draw samples from a checkpoint's energy into a CSV or JSON file"
  let synopsis = "CHECKPOINT [--count N] [--inputs N] [--seed N] [--out FILE] [--json] [--allow-non-finite]"
  let maximumPositionals = 1
  let flags = [
    FlagSpec.value("count", "N", "points (unconditional) or candidates per input (default 1000 / 16)"),
    FlagSpec.value("inputs", "N", "test inputs to sample for, for conditional and label energies (default 8)"),
    FlagSpec.value("seed", "N", "sampling stream (default 0; the pipeline's seed fixes the rest)"),
    FlagSpec.value("out", "FILE", "where the samples go: .csv or .json (default samples.csv beside the checkpoint)"),
    FlagSpec.toggle("json", "also print the samples as one JSON object on standard output"),
    FlagSpec.toggle("allow-non-finite", "sample from weights that hold NaN or infinity (refused otherwise)"),
  ]
  /// `--count`: 1 … 10⁹ (the memory it implies is checked against ``MemoryBudget`` too).
  static let countRange = 1...1_000_000_000
  /// `--inputs`: 1 … 10⁶.
  static let inputsRange = 1...1_000_000
  /// Proposals drawn per kept sample when resampling a density proposal.
  static let oversampling = 16

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    guard let path = arguments.positionals.first else { throw CommandError.usage("missing CHECKPOINT") }
    let countFlag = try arguments.int("count", range: SampleCommand.countRange)
    let inputsFlag = try arguments.int("inputs", range: SampleCommand.inputsRange)
    _ = try arguments.nonEmpty("out")
    let stream = try arguments.uint64("seed") ?? 0
    let url = context.url(path)
    let destination = arguments.string("out").map(context.url) ?? url.deletingLastPathComponent().appendingPathComponent("samples.csv")
    let format = destination.pathExtension.lowercased()
    guard format == "csv" || format == "json" else {
      throw CommandError.usage("--out must name a .csv or .json file, got '\(destination.lastPathComponent)'")
    }
    let checkpoint = try CommandError.asInput {
      try Checkpoint.read(from: url, allowNonFiniteWeights: arguments.has("allow-non-finite"))
    }
    let registry = context.registry
    let pipeline = try CommandError.asInput { try registry.makePipeline(checkpoint.spec) }
    try CommandError.asInput { try TrainCommand.checkResumable(checkpoint, pipeline: pipeline) }
    if pipeline.evaluationSampler == nil && pipeline.sampler == nil {
      if case .discrete = pipeline.task.energyKind {} else {
        throw CommandError.input(
          "task '\(pipeline.spec.task.name)' names no evaluation sampler and the pipeline has no sampler, so there is nothing to sample with; help: train with --sampler NAME")
      }
    }
    try CommandError.asInput { try SampleCommand.checkMemory(pipeline, count: countFlag, inputs: inputsFlag) }
    try OutputFiles.makeDirectory(destination.deletingLastPathComponent())

    let table: SampleTable
    do {
      let data = try pipeline.makeData()
      let model = TrainedEnergy(energy: pipeline.energy, parameters: checkpoint.parameters)
      var rng = pipeline.rootGenerator.forked(stream: Pipeline.Stream.evaluation).forked(stream: 1 &+ stream)  // any 64-bit --seed; wraps instead of trapping
      switch pipeline.task.energyKind {
      case let .unconditional(dimension):
        table = try SampleCommand.unconditional(
          pipeline, model: model, data: data, count: countFlag ?? 1000, dimension: dimension, rng: &rng)
      case let .conditional(_, outputDimension):
        table = try SampleCommand.conditional(
          pipeline, model: model, data: data, count: countFlag ?? 16, inputs: inputsFlag ?? 8,
          dimension: outputDimension, rng: &rng)
      case .discrete:
        table = try SampleCommand.labels(model, data: data, count: countFlag ?? 16, inputs: inputsFlag ?? 8, rng: &rng)
      }
      try OutputFiles.write(format == "csv" ? table.csv : table.json.pretty + "\n", to: destination)
    } catch {
      throw CommandError.failure(CommandError.oneLine(error))
    }
    if arguments.has("json") { context.io.output(table.json.compact) }
    context.io.error("\(table.rows.count) samples written to \(destination.path)")
  }

  /// Checks the memory the requested samples take (proposals, then the table's rows) against
  /// ``MemoryBudget`` before any work.
  static func checkMemory(_ pipeline: Pipeline, count: Int?, inputs: Int?) throws {
    switch pipeline.task.energyKind {
    case let .unconditional(dimension):
      let count = count ?? 1000
      try MemoryBudget.check([count, oversampling, dimension], what: "--count \(count) samples (\(oversampling) proposals each)")
      try MemoryBudget.check([count], bytesPerElement: 64 + 8 * dimension, what: "--count \(count) sample rows")
    case let .conditional(_, dimension):
      let count = count ?? 16
      let inputs = inputs ?? 8
      try MemoryBudget.check(
        [inputs, count, oversampling, dimension], what: "--count \(count) samples for --inputs \(inputs) (\(oversampling) proposals each)")
      try MemoryBudget.check([inputs, count], bytesPerElement: 72 + 8 * dimension, what: "--count \(count) × --inputs \(inputs) sample rows")
    case .discrete:
      let count = count ?? 16
      let inputs = inputs ?? 8
      try MemoryBudget.check([inputs, count], bytesPerElement: 80, what: "--count \(count) × --inputs \(inputs) label rows")
    }
  }

  static func sampler(_ pipeline: Pipeline, data: TaskData) throws -> any ProposalSampler {
    guard var sampler = pipeline.evaluationSampler ?? pipeline.sampler else {
      throw EBMError.incompatible(
        "task '\(pipeline.spec.task.name)' names no evaluation sampler and the pipeline has no sampler; help: train with --sampler NAME")
    }
    try sampler.prepare(data: data.train)
    return sampler
  }

  static func unconditional(
    _ pipeline: Pipeline, model: TrainedEnergy, data: TaskData, count: Int, dimension: Int, rng: inout RandomGenerator
  ) throws -> SampleTable {
    var sampler = try sampler(pipeline, data: data)
    let columns = (0..<dimension).map { "y\($0)" }
    if sampler.capability == .dynamics {
      let result = try sampler.sample(SampleRequest(model: model, count: count, dimension: dimension), using: &rng)
      return SampleTable(columns: columns, rows: rows(result.samples.scalars, width: dimension))
    }
    let request = SampleRequest(model: model, count: count * oversampling, dimension: dimension)
    let result = try sampler.sample(request, using: &rng)
    guard let logQ = result.logDensity ?? sampler.logDensity(of: result.samples, for: request) else {
      throw EBMError.incompatible("the sampler returned no log density to resample with")
    }
    let energies = model(x: nil, y: result.samples).scalars
    let picks = resample(energies: energies, logQ: logQ.scalars, count: count, rng: &rng)
    let all = rows(result.samples.scalars, width: dimension)
    return SampleTable(columns: columns, rows: picks.map { all[$0] })
  }

  static func conditional(
    _ pipeline: Pipeline, model: TrainedEnergy, data: TaskData, count: Int, inputs: Int, dimension: Int,
    rng: inout RandomGenerator
  ) throws -> SampleTable {
    var sampler = try sampler(pipeline, data: data)
    let b = min(inputs, data.test.count)
    let indices = Array(0..<b)
    let x = data.test.x?.indexSelect(indices)
    let center = data.test.y.indexSelect(indices).reshaped([b, dimension])
    let columns = ["input"] + (0..<dimension).map { "y\($0)" }
    var table = SampleTable(columns: columns, rows: [])
    if sampler.capability == .dynamics {
      let result = try sampler.sample(SampleRequest(model: model, x: x, center: center, count: count), using: &rng)
      let all = rows(result.samples.scalars, width: dimension)
      for (i, row) in all.enumerated() { table.rows.append([Double(i / count)] + row) }
      return table
    }
    let m = count * oversampling
    let request = SampleRequest(model: model, x: x, center: center, count: m)
    let result = try sampler.sample(request, using: &rng)
    guard let logQ = result.logDensity ?? sampler.logDensity(of: result.samples, for: request) else {
      throw EBMError.incompatible("the sampler returned no log density to resample with")
    }
    let energies = model(x: x, y: result.samples).scalars
    let all = rows(result.samples.scalars, width: dimension)
    for i in 0..<b {
      let slice = (i * m)..<((i + 1) * m)
      let picks = resample(
        energies: Array(energies[slice]), logQ: Array(logQ.scalars[slice]), count: count, rng: &rng)
      for p in picks { table.rows.append([Double(i)] + all[i * m + p]) }
    }
    return table
  }

  static func labels(
    _ model: TrainedEnergy, data: TaskData, count: Int, inputs: Int, rng: inout RandomGenerator
  ) throws -> SampleTable {
    guard let x = data.test.x else { throw EBMError.invalid("the task's test set has no inputs to sample labels for") }
    let b = min(inputs, data.test.count)
    guard let energies = model.labelEnergies(x: x.indexSelect(Array(0..<b))) else {
      throw EBMError.incompatible("the architecture is not a label energy; help: sample a conditional or unconditional task")
    }
    let k = energies.shape[1]
    let probabilities = (energies * -1).softmax(alongAxis: 1).scalars
    var table = SampleTable(columns: ["input", "label"], rows: [])
    for i in 0..<b {
      for label in rng.categorical(Array(probabilities[(i * k)..<((i + 1) * k)]), count: count) {
        table.rows.append([Double(i), Double(label)])
      }
    }
    return table
  }

  /// `count` indices drawn with weights w ∝ exp(−E − log q) (computed stably).
  static func resample(energies: [Float], logQ: [Float], count: Int, rng: inout RandomGenerator) -> [Int] {
    let logW = zip(energies, logQ).map { -Double($0) - Double($1) }
    let finite = logW.filter(\.isFinite)
    guard let top = finite.max() else { return (0..<count).map { _ in rng.uniformInt(below: energies.count) } }
    let weights = logW.map { $0.isFinite ? Float(Foundation.exp($0 - top)) : 0 }
    return rng.categorical(weights, count: count)
  }

  static func rows(_ scalars: [Float], width: Int) -> [[Double]] {
    stride(from: 0, to: scalars.count, by: width).map { start in scalars[start..<(start + width)].map(Double.init) }
  }
}
