import Foundation

extension StudyRunner {
  /// A record as one JSON object: labels, `seed`, then metrics (null where not applicable).
  public static func jsonLine(_ record: StudyRecord) -> String {
    var parts: [String] = []
    for label in record.labels { parts.append("\(JSONString.quoted(label.key)): \(JSONString.quoted(label.value))") }
    parts.append("\"seed\": \(record.seed)")
    if let divergence = record.divergence {
      parts.append("\"diverged\": true, \"diverged_step\": \(divergence.step), \"last_finite_loss\": \(number(divergence.lastFiniteLoss))")
    }
    for metric in record.metrics { parts.append("\(JSONString.quoted(metric.name)): \(number(metric.value))") }
    return "{" + parts.joined(separator: ", ") + "}"
  }

  static func jsonDocument(_ records: [StudyRecord]) -> String {
    "[\n" + records.map { "  " + jsonLine($0) }.joined(separator: ",\n") + "\n]\n"
  }

  static func csv(_ records: [StudyRecord]) -> String {
    var labelKeys: [String] = []
    var metricNames: [String] = []
    for r in records {
      for l in r.labels where !labelKeys.contains(l.key) { labelKeys.append(l.key) }
      for m in r.metrics where !metricNames.contains(m.name) { metricNames.append(m.name) }
    }
    // A column for the step a run diverged at, only when one did (empty for finished runs).
    let anyDiverged = records.contains { $0.divergence != nil }
    var lines = [(labelKeys + ["seed"] + (anyDiverged ? ["diverged_step"] : []) + metricNames).joined(separator: ",")]
    for r in records {
      let labels = labelKeys.map { r.label($0) ?? "" }
      let diverged = anyDiverged ? [r.divergence.map { "\($0.step)" } ?? ""] : []
      let metrics = metricNames.map { name in r.value(name).map { "\($0)" } ?? "" }
      lines.append((labels + ["\(r.seed)"] + diverged + metrics).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }


  static func number(_ v: Double?) -> String {
    guard let v, v.isFinite else { return "null" }
    return "\(v)"
  }

  /// Mean ± std over the finished seeds for each group of records with equal `keys` labels;
  /// when a run diverged, a `diverged` column counts them ("1 of 3 seeds") and a group whose
  /// runs all diverged shows "diverged" for its metrics.
  public static func summaryTable(_ records: [StudyRecord], keys: [String], metrics: [String]) -> String {
    formatTable(summaryRows(records, keys: keys, metrics: metrics))
  }

  /// The summary table's cells, header first.
  public static func summaryRows(_ records: [StudyRecord], keys: [String], metrics: [String]) -> [[String]] {
    var groups: [[String]] = []
    var members: [[String]: [StudyRecord]] = [:]
    for r in records {
      let key = keys.map { r.label($0) ?? "" }
      if members[key] == nil { groups.append(key) }
      members[key, default: []].append(r)
    }
    let anyDiverged = records.contains { $0.divergence != nil }
    var rows: [[String]] = [keys + metrics + ["seeds"] + (anyDiverged ? ["diverged"] : [])]
    for key in groups {
      let group = members[key]!
      let finished = group.filter { $0.divergence == nil }
      let allSeeds = Set(group.map(\.seed)).count
      let divergedSeeds = Set(group.filter { $0.divergence != nil }.map(\.seed)).count
      var row = key
      for metric in metrics {
        let values = finished.compactMap { $0.value(metric) }
        row.append(finished.isEmpty ? "diverged" : formatStatistic(values))
      }
      row.append("\(Set(finished.map(\.seed)).count)")
      if anyDiverged { row.append(divergedSeeds == 0 ? "—" : "\(divergedSeeds) of \(allSeeds) seeds") }
      rows.append(row)
    }
    return rows
  }

  /// "m ± s" with 3 significant decimals; "—" when there is nothing.
  public static func formatStatistic(_ values: [Double]) -> String {
    guard let (mean, std) = meanAndStandardDeviation(values) else { return "—" }
    if values.count == 1 { return format(mean) }
    return "\(format(mean)) ± \(format(std))"
  }

  /// Mean and sample standard deviation (n − 1; 0 for one value); nil when empty. The
  /// numbers behind the table's "m ± s" and the figures' error bars.
  public static func meanAndStandardDeviation(_ values: [Double]) -> (mean: Double, std: Double)? {
    guard !values.isEmpty else { return nil }
    let mean = values.reduce(0, +) / Double(values.count)
    guard values.count > 1 else { return (mean, 0) }
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
    return (mean, variance.squareRoot())
  }

  static func format(_ v: Double) -> String {
    if v != 0 && (Swift.abs(v) >= 1e5 || Swift.abs(v) < 1e-3) { return String(format: "%.3e", v) }
    return String(format: Swift.abs(v) >= 100 ? "%.1f" : "%.3f", v)
  }

  /// Aligned columns with a rule under the header.
  public static func formatTable(_ rows: [[String]]) -> String {
    guard let header = rows.first else { return "" }
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    func line(_ row: [String]) -> String {
      row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    for row in rows.dropFirst() { lines.append(line(row)) }
    return lines.joined(separator: "\n")
  }
}
