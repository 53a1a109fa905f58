import EBMProtocols
import Foundation
import Tensors

/// `ebm train`: composes a pipeline from flags or a JSON pipeline file, trains it with
/// checkpoints, evaluates it, and writes the results into an output folder.
struct TrainCommand: Subcommand {
  let name = "train"
  let abstract = "train a pipeline (from flags or a JSON pipeline file), evaluate it and save a checkpoint"
  let synopsis =
    "(--task NAME[:K=V,...] | --config FILE | --resume CHECKPOINT) [--architecture C] [--objective C] [--sampler C] [--optimizer C] [--epochs N] [--batch-size N] [--lr X] [--seed N] [--schedule S] [--out DIR] [--overwrite] [--checkpoint-every N] [--init-weights FILE] [--json] [--no-pictures]"
  let flags = [
    FlagSpec.value("task", "NAME[:K=V,...]", "the task (data, metrics and defaults for everything else)"),
    FlagSpec.value("architecture", "NAME[:K=V,...]", "the energy function (default: the task's)"),
    FlagSpec.value("objective", "NAME[:K=V,...]", "the training objective (default: the task's)"),
    FlagSpec.value("sampler", "NAME[:K=V,...]", "the proposal sampler (default: the task's for the objective)"),
    FlagSpec.value("optimizer", "NAME[:K=V,...]", "the optimizer (default: the task's)"),
    FlagSpec.value("epochs", "N", "passes over the training data, 0…1000000"),
    FlagSpec.value("batch-size", "N", "examples per step, 1…1000000"),
    FlagSpec.value("outlier-batch-size", "N", "auxiliary outliers per step (objectives that need outliers), 0…1000000"),
    FlagSpec.value("lr", "X", "learning rate (the optimizer's lr option), 0…1000000"),
    FlagSpec.value("seed", "N", "seed of every random draw (data, initialisation, batches, sampling); default 0"),
    FlagSpec.value("schedule", "S", "learning-rate schedule: constant, cosine[:MIN], step:EVERY:GAMMA, warmup:STEPS[:S]"),
    FlagSpec.value("config", "FILE", "a JSON pipeline file; flags given as well override its fields"),
    FlagSpec.value("out", "DIR", "output folder (default runs/<task>-<objective>-s<seed>-<UTC time>); refused if it holds another run"),
    FlagSpec.toggle("overwrite", "replace the run already in --out (its checkpoint, pipeline, metrics and losses)"),
    FlagSpec.value("checkpoint-every", "N", "also write the checkpoint every N steps, 1…10^12 (it is always written at the end)"),
    FlagSpec.value("resume", "CHECKPOINT", "continue a checkpoint's run (bit-identical to an uninterrupted run)"),
    FlagSpec.value("init-weights", "FILE", "start from these weights: a safetensors state_dict (e.g. PyTorch's save_file) or a checkpoint"),
    FlagSpec.toggle("json", "print the results as one JSON object on standard output"),
    FlagSpec.toggle("no-pictures", "do not draw the task's pictures"),
  ]
  let discussion = """
    Components are written NAME or NAME:KEY=VALUE,KEY=VALUE (a list value keeps its commas:
    gmm:stds=0.1,0.8). 'ebm describe NAME' lists a component's options. Anything not given comes
    from the task's defaults (the paper's settings).

    The output folder receives model.safetensors + model.json (the checkpoint: weights, optimizer
    state, pipeline and step), weights.safetensors (the weights alone, as a PyTorch state_dict:
    safetensors.torch.load_file reads it), pipeline.json (every default filled in),
    metrics.json, losses.csv and the task's pictures. Every file is written atomically; a run that fails removes what it
    created (keeping a checkpoint it can be resumed from). A folder that already holds a run is
    refused unless --overwrite is given.

    --init-weights FILE starts from a state_dict whose names and shapes match the architecture's
    (each architecture documents its PyTorch counterpart; nn.Linear weights are [out, in]);
    with --epochs 0 it evaluates those weights.

    With --resume, the pipeline comes from the checkpoint; only --epochs (to train longer, never
    fewer than the checkpoint has done), --out, --overwrite, --checkpoint-every, --json and
    --no-pictures may be given. Resuming continues bit-identically
    to an uninterrupted run of the same epochs (a cosine schedule spans the epochs given, so
    extending --epochs changes it from then on).

    Exit status: 0 done, 1 the run failed (e.g. a NaN loss), 2 bad command line or pipeline.

    example: ebm train --task regression1d-1 --objective nce+:samples=512 --epochs 5 --seed 1
    """

  static let componentFlags = ["task", "architecture", "objective", "sampler", "optimizer"]

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    let epochs = try arguments.int("epochs", range: PipelineLimits.epochs)
    let batchSize = try arguments.int("batch-size", range: PipelineLimits.batchSize)
    let outlierBatchSize = try arguments.int("outlier-batch-size", range: PipelineLimits.outlierBatchSize)
    let seed = try arguments.uint64("seed")
    let lr = try arguments.double("lr", minimum: 0, maximum: 1e6)
    let checkpointEvery = try arguments.int("checkpoint-every", range: PipelineLimits.checkpointEvery)
    let out = try arguments.nonEmpty("out")
    for path in ["config", "resume", "init-weights"] { _ = try arguments.nonEmpty(path) }
    var schedule: ScheduleSpec?
    if let text = arguments.string("schedule") {
      do {
        schedule = try ScheduleSpec(parsing: text)
      } catch let EBMError.invalidOption(_, option, reason) {
        throw CommandError.usage("--schedule '\(text.prefix(60))' " + (option == text ? reason : "\(option) \(reason)"))
      }
    }
    var references: [String: ComponentReference] = [:]
    for flag in TrainCommand.componentFlags {
      if let text = arguments.string(flag) { references[flag] = try ComponentArgument.parse(text, flag: flag) }
    }

    // Compose (every problem here is the user's input: exit 2, nothing written).
    var spec: PipelineSpec
    var resume: Checkpoint?
    var checkpointURL: URL?
    if let path = arguments.string("resume") {
      let conflicting = (TrainCommand.componentFlags + ["config", "batch-size", "outlier-batch-size", "lr", "seed", "schedule", "init-weights"])
        .filter { arguments.values[$0] != nil }
      if let first = conflicting.first {
        throw CommandError.usage("--\(first) cannot be combined with --resume (the checkpoint fixes the pipeline); only --epochs, --out, --checkpoint-every may change")
      }
      let url = context.url(path)
      let checkpoint = try CommandError.asInput { try Checkpoint.read(from: url) }
      resume = checkpoint
      checkpointURL = url
      spec = checkpoint.spec
      if let epochs { spec.epochs = epochs }
    } else {
      if let path = arguments.string("config") {
        spec = try CommandError.asInput { try PipelineSpec.load(from: context.url(path)) }
      } else {
        guard let task = references["task"] else { throw CommandError.usage("missing --task NAME (or --config FILE)") }
        spec = PipelineSpec(task: task)
      }
      if let task = references["task"] { spec.task = task }
      if let reference = references["architecture"] { spec.architecture = reference }
      if let reference = references["objective"] { spec.objective = reference }
      if let reference = references["sampler"] { spec.sampler = reference }
      if let reference = references["optimizer"] { spec.optimizer = reference }
      if let epochs { spec.epochs = epochs }
      if let batchSize { spec.batchSize = batchSize }
      if let outlierBatchSize { spec.outlierBatchSize = outlierBatchSize }
      if let seed { spec.seed = seed }
      if let schedule { spec.schedule = schedule }
    }
    let registry = context.registry
    if resume == nil {
      spec = try CommandError.asInput { try TrainCommand.typed(spec, registry: registry) }
    }
    var pipeline = try CommandError.asInput { try registry.makePipeline(spec) }
    if let lr {
      var withRate = pipeline.spec
      withRate.optimizer = withRate.optimizer?.with(["lr": .double(lr)])
      pipeline = try CommandError.asInput { try registry.makePipeline(withRate) }
    }
    if let resume {
      try CommandError.asInput { try TrainCommand.checkResumable(resume, pipeline: pipeline) }
    }
    var initialParameters: ParameterSet?
    if let path = arguments.string("init-weights") {
      let energy = pipeline.energy
      initialParameters = try CommandError.asInput { try StateDict.read(from: context.url(path), for: energy) }
    }

    let stem = "\(pipeline.spec.task.name)-\(pipeline.spec.objective?.name ?? "objective")-s\(pipeline.seed)"
    let directory = out.map(context.url) ?? checkpointURL?.deletingLastPathComponent() ?? context.defaultRunDirectory(stem)
    let ownFolder = checkpointURL.map {
      $0.deletingLastPathComponent().standardizedFileURL.path == directory.standardizedFileURL.path
    } ?? false
    let folder = try OutputFolder.open(directory, overwrite: arguments.has("overwrite"), continuing: ownFolder)
    let weights = directory.appendingPathComponent("model.safetensors")
    let hadCheckpoint = FileManager.default.fileExists(atPath: weights.path)

    // Run (a problem here is a failed run: exit 1).
    do {
      context.io.error("training \(TrainCommand.describe(pipeline.spec)) into \(directory.path)")
      let run = try pipeline.trainAndEvaluate(
        initialParameters: initialParameters, resume: resume,
        checkpointing: Trainer.Checkpointing(url: weights, everySteps: checkpointEvery),
        progress: context.progress(label: pipeline.spec.task.name),
        pictures: arguments.has("no-pictures") ? nil : (directory, pipeline.spec.task.name))
      let result = run.training
      let report = RunReport(
        spec: pipeline.spec, metrics: run.metrics, epochLosses: result.epochLosses, steps: result.steps,
        trainSeconds: result.seconds, checkpoint: weights.path, outputDirectory: directory.path)
      try OutputFiles.write(
        String(decoding: try pipeline.spec.encoded(), as: UTF8.self) + "\n",
        to: directory.appendingPathComponent("pipeline.json"))
      try OutputFiles.write(report.json.pretty + "\n", to: directory.appendingPathComponent("metrics.json"))
      try OutputFiles.write(report.lossesCSV, to: directory.appendingPathComponent("losses.csv"))
      try StateDict.write(result.model.parameters, to: directory.appendingPathComponent(StateDict.fileName))
      if arguments.has("json") {
        context.io.output(report.json.compact)
      } else {
        context.io.output(report.table)
        context.io.output("checkpoint: \(weights.path)")
      }
    } catch {
      let message = CommandError.oneLine(error)
      if case .invalidOption = error as? EBMError {
        // An option the run refused before training (e.g. fewer --epochs than the checkpoint
        // has done): the user's input, exit 2.
        folder.removeCreated(keeping: [])
        throw CommandError.input(message)
      }
      let wroteCheckpoint = FileManager.default.fileExists(atPath: weights.path) && !hadCheckpoint
      let checkpointFiles: Set<String> = [weights.lastPathComponent, Checkpoint.sidecarURL(for: weights).lastPathComponent]
      folder.removeCreated(keeping: wroteCheckpoint || hadCheckpoint ? checkpointFiles : [])
      if wroteCheckpoint {
        throw CommandError.failure(message + " (the last checkpoint, \(weights.path), can be resumed with --resume)")
      }
      throw CommandError.failure(message)
    }
  }

  /// The specification with every option value the user gave read by its declared type
  /// (`"samples": "512"` from the command line becomes the integer 512), so that pipeline.json
  /// and the checkpoint record typed values.
  static func typed(_ spec: PipelineSpec, registry: Registry) throws -> PipelineSpec {
    func typed<C>(_ reference: ComponentReference?, _ table: ComponentTable<C>) throws -> ComponentReference? {
      guard let reference, !reference.options.isEmpty else { return reference }
      let resolved = try table.descriptor(reference.name).resolveOptions(reference.options).all
      return ComponentReference(reference.name, options: resolved.filter { reference.options[$0.key] != nil })
    }
    var result = spec
    result.task = try typed(spec.task, registry.tasks)!
    result.architecture = try typed(spec.architecture, registry.architectures)
    result.objective = try typed(spec.objective, registry.objectives)
    result.sampler = try typed(spec.sampler, registry.samplers)
    result.optimizer = try typed(spec.optimizer, registry.optimizers)
    return result
  }

  /// Checks that a checkpoint's weights fit the pipeline it names.
  static func checkResumable(_ checkpoint: Checkpoint, pipeline: Pipeline) throws {
    var rng = RandomGenerator(seed: 0)
    let expected = pipeline.energy.initialParameters(using: &rng)
    for (name, tensor) in expected {
      guard let saved = checkpoint.parameters[name] else {
        throw EBMError.invalid("the checkpoint has no parameter '\(name)', which the pipeline's architecture needs")
      }
      guard saved.shape == tensor.shape else {
        throw EBMError.invalid("the checkpoint's parameter '\(name)' has shape \(saved.shape), the architecture needs \(tensor.shape)")
      }
    }
  }

  /// `task objective (architecture, sampler, optimizer), N epochs, seed S`.
  static func describe(_ spec: PipelineSpec) -> String {
    var parts = [spec.task.description]
    if let objective = spec.objective { parts.append("objective " + objective.description) }
    if let architecture = spec.architecture { parts.append("architecture " + architecture.description) }
    if let sampler = spec.sampler { parts.append("sampler " + sampler.description) }
    if let optimizer = spec.optimizer { parts.append("optimizer " + optimizer.description) }
    parts.append("\(spec.epochs ?? 0) epochs")
    parts.append("seed \(spec.seed)")
    return parts.joined(separator: ", ")
  }
}
