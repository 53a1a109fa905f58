/// Samples as named columns of numbers, written as CSV or JSON by `ebm sample`.
struct SampleTable: Sendable {
  var columns: [String]
  var rows: [[Double]]

  var csv: String {
    ([columns.joined(separator: ",")] + rows.map { $0.map(SampleTable.format).joined(separator: ",") })
      .joined(separator: "\n") + "\n"
  }

  var json: JSONValue {
    .object([
      ("columns", .array(columns.map { .string($0) })),
      ("samples", .array(rows.map { row in .array(row.map { JSONValue.number($0) }) })),
    ])
  }

  static func format(_ v: Double) -> String {
    v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : "\(Float(v))"
  }
}
