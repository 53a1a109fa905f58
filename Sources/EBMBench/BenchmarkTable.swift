import Foundation

/// Formats records as an aligned, human-readable table (the output without `--json`).
enum BenchmarkTable {
  /// The table text: one header line and one line per record, figure columns in order of first
  /// appearance; a record without a column's figure shows `-`.
  static func render(_ records: [BenchmarkRecord]) -> String {
    var figureNames: [String] = []
    for record in records {
      for (name, _) in record.figures where !figureNames.contains(name) {
        figureNames.append(name)
      }
    }
    let header = ["benchmark", "shape", "threads"] + figureNames
    var rows = [header]
    for record in records {
      var row = [record.benchmark, record.shape, String(record.threads)]
      for name in figureNames {
        if let value = record.figure(name) {
          row.append(value.isFinite ? format(value) : "inf")
        } else {
          row.append("-")
        }
      }
      rows.append(row)
    }
    var widths = [Int](repeating: 0, count: header.count)
    for row in rows {
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
    }
    return rows.map { row in
      row.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        return i < 2 ? cell + pad : pad + cell  // text left, numbers right
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }

  private static func format(_ value: Double) -> String {
    if abs(value) >= 100 { return String(format: "%.1f", value) }
    if abs(value) >= 1 { return String(format: "%.2f", value) }
    return String(format: "%.3f", value)
  }
}
