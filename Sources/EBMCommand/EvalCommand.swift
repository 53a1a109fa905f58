import EBMProtocols
import Foundation

/// `ebm eval CHECKPOINT`: rebuilds the checkpoint's pipeline and data, and evaluates its
/// weights with the task's metrics (the same draws as at the end of `ebm train`).
struct EvalCommand: Subcommand {
  let name = "eval"
  let abstract = "evaluate a checkpoint with its task's metrics"
  let synopsis = "CHECKPOINT [--out DIR] [--json] [--no-pictures] [--allow-non-finite]"
  let maximumPositionals = 1
  let flags = [
    FlagSpec.value("out", "DIR", "where evaluation.json (and pictures) go (default: the checkpoint's folder)"),
    FlagSpec.toggle("json", "print the results as one JSON object on standard output"),
    FlagSpec.toggle("no-pictures", "do not draw the task's pictures"),
    FlagSpec.toggle("allow-non-finite", "evaluate weights that hold NaN or infinity (refused otherwise)"),
  ]
  let discussion = "CHECKPOINT is the model.safetensors written by 'ebm train' (its model.json sidecar must be beside it)."

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    guard let path = arguments.positionals.first else { throw CommandError.usage("missing CHECKPOINT") }
    let url = context.url(path)
    _ = try arguments.nonEmpty("out")
    let allowNonFinite = arguments.has("allow-non-finite")
    let checkpoint = try CommandError.asInput { try Checkpoint.read(from: url, allowNonFiniteWeights: allowNonFinite) }
    let registry = context.registry
    let pipeline = try CommandError.asInput { try registry.makePipeline(checkpoint.spec) }
    try CommandError.asInput { try TrainCommand.checkResumable(checkpoint, pipeline: pipeline) }
    let directory = arguments.string("out").map(context.url) ?? url.deletingLastPathComponent()
    let folder = try OutputFolder.open(directory, continuing: true)
    do {
      let data = try pipeline.makeData()
      let model = TrainedEnergy(energy: pipeline.energy, parameters: checkpoint.parameters)
      let metrics = try pipeline.evaluate(model, on: data)
      if !arguments.has("no-pictures") {
        _ = try pipeline.drawPictures(model, data: data, into: directory, prefix: pipeline.spec.task.name)
      }
      let report = RunReport(
        spec: checkpoint.spec, metrics: metrics, epochLosses: checkpoint.epochLosses, steps: checkpoint.step,
        trainSeconds: nil, checkpoint: url.path, outputDirectory: directory.path)
      try OutputFiles.write(report.json.pretty + "\n", to: directory.appendingPathComponent("evaluation.json"))
      if arguments.has("json") {
        context.io.output(report.json.compact)
      } else {
        context.io.output(report.table)
      }
    } catch {
      folder.removeCreated()
      throw CommandError.failure(CommandError.oneLine(error))
    }
  }
}
