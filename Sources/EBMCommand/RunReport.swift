import EBMProtocols
import Foundation

/// The results of a training or evaluation run, as a terminal table, a JSON document and
/// result files.
struct RunReport: Sendable {
  var spec: PipelineSpec
  var metrics: [Metric]
  var epochLosses: [Double]
  var steps: Int?
  var trainSeconds: Double?
  var checkpoint: String?
  var outputDirectory: String?

  /// The metrics as an aligned table (value `—` when not applicable).
  var table: String {
    var rows = [["metric", "value", "better"]]
    for metric in metrics {
      rows.append([
        metric.name, metric.value.map { StudyRunner.formatStatistic([$0]) } ?? "—",
        metric.direction == .lowerIsBetter ? "lower" : "higher",
      ])
    }
    return StudyRunner.formatTable(rows)
  }

  /// The pipeline's compact JSON.
  static func pipelineJSON(_ spec: PipelineSpec) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(spec)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
  }

  var json: JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("task", .string(spec.task.name)),
      ("objective", spec.objective.map { .string($0.name) } ?? .null),
      ("seed", .raw("\(spec.seed)")),
      ("metrics", .object(metrics.map { ($0.name, JSONValue.number($0.value)) })),
      (
        "better",
        .object(metrics.map { ($0.name, .string($0.direction == .lowerIsBetter ? "lower" : "higher")) })
      ),
    ]
    if !epochLosses.isEmpty { pairs.append(("epoch_losses", .array(epochLosses.map { JSONValue.number($0) }))) }
    if let steps { pairs.append(("steps", .int(steps))) }
    if let trainSeconds { pairs.append(("train_seconds", .number(trainSeconds))) }
    if let checkpoint { pairs.append(("checkpoint", .string(checkpoint))) }
    if let outputDirectory { pairs.append(("output_directory", .string(outputDirectory))) }
    pairs.append(("pipeline", .raw(RunReport.pipelineJSON(spec))))
    return .object(pairs)
  }

  /// `epoch,loss` lines.
  var lossesCSV: String {
    (["epoch,loss"] + epochLosses.enumerated().map { "\($0.offset + 1),\($0.element)" }).joined(separator: "\n") + "\n"
  }
}
