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
  static let oversampling = EnergySampling.oversampling

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

  static func unconditional(
    _ pipeline: Pipeline, model: TrainedEnergy, data: TaskData, count: Int, dimension: Int, rng: inout RandomGenerator
  ) throws -> SampleTable {
    var sampler = try pipeline.samplingSampler(data: data)
    let points = try EnergySampling.points(of: model, count: count, dimension: dimension, sampler: &sampler, using: &rng)
    return SampleTable(columns: (0..<dimension).map { "y\($0)" }, rows: rows(points.scalars, width: dimension))
  }

  static func conditional(
    _ pipeline: Pipeline, model: TrainedEnergy, data: TaskData, count: Int, inputs: Int, dimension: Int,
    rng: inout RandomGenerator
  ) throws -> SampleTable {
    var sampler = try pipeline.samplingSampler(data: data)
    let b = min(inputs, data.test.count)
    let indices = Array(0..<b)
    let candidates = try EnergySampling.candidates(
      of: model, x: data.test.x?.indexSelect(indices), center: data.test.y.indexSelect(indices).reshaped([b, dimension]),
      count: count, sampler: &sampler, using: &rng)
    let all = rows(candidates.scalars, width: dimension)
    return SampleTable(
      columns: ["input"] + (0..<dimension).map { "y\($0)" },
      rows: all.enumerated().map { [Double($0.offset / count)] + $0.element })
  }

  static func labels(
    _ model: TrainedEnergy, data: TaskData, count: Int, inputs: Int, rng: inout RandomGenerator
  ) throws -> SampleTable {
    guard let x = data.test.x else { throw EBMError.invalid("the task's test set has no inputs to sample labels for") }
    let b = min(inputs, data.test.count)
    let labels = try EnergySampling.labels(of: model, x: x.indexSelect(Array(0..<b)), count: count, using: &rng)
    return SampleTable(
      columns: ["input", "label"],
      rows: labels.enumerated().flatMap { input, drawn in drawn.map { [Double(input), Double($0)] } })
  }

  static func rows(_ scalars: [Float], width: Int) -> [[Double]] {
    stride(from: 0, to: scalars.count, by: width).map { start in scalars[start..<(start + width)].map(Double.init) }
  }
}
