import Foundation

/// `report.html`: one self-contained page for a study's output folder — the settings, the
/// summary table, the study's extra lines, its figures (inline SVG) and the per-run pictures
/// found in the folder (embedded as data URIs), and the runs without a record. It needs no
/// other file and no network, so it opens in any browser from the folder or as an attachment.
struct StudyReport {
  var manifest: StudyManifest
  /// Summary table cells, header first (``StudyRunner/summaryRows(_:keys:metrics:)``).
  var table: [[String]]
  var extraLines: [String]
  var figures: [StudyFigure]
  var runs: [StudyRun]
  var missingRuns: [String]
  /// The output folder, searched for per-run pictures.
  var directory: URL

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// Per-run pictures: `*.png` and `*.svg` at the top of the folder that are not study figures.
  func pictureNames() -> [String] {
    let figureFiles = Set(figures.map { "\($0.name).svg" })
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { ($0.hasSuffix(".png") || $0.hasSuffix(".svg")) && !figureFiles.contains($0) }.sorted()
  }

  func html() throws -> String {
    let e = Self.escape
    var body: [String] = []
    body.append("<h1>Study <code>\(e(manifest.study))</code></h1>")
    let done = runs.count - missingRuns.count
    body.append("<p class=\"meta\">\(done) of \(runs.count) runs, \(manifest.seeds) seed\(manifest.seeds == 1 ? "" : "s")."
      + " Generated \(e(ISO8601DateFormatter().string(from: Date()))) from the records in <code>records/</code>.</p>")
    if !missingRuns.isEmpty {
      body.append("<p class=\"warn\">Missing \(missingRuns.count) runs (no record): "
        + missingRuns.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + "</p>")
    }
    body.append("<h2>Summary (mean ± std over seeds)</h2>")
    if let header = table.first {
      var rows = ["<tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr>"]
      for row in table.dropFirst() { rows.append("<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>") }
      body.append("<table>\n" + rows.joined(separator: "\n") + "\n</table>")
    }
    let extra = extraLines.joined(separator: "\n").trimmingCharacters(in: .newlines)
    if !extra.isEmpty { body.append("<pre>\(e(extra))</pre>") }
    if !figures.isEmpty {
      body.append("<h2>Figures</h2>")
      for figure in figures {
        body.append("<figure id=\"\(e(figure.name))\">\n\(Self.inlineSVG(figure.svg))\n<figcaption>\(e(figure.caption))</figcaption>\n</figure>")
      }
    }
    let pictures = pictureNames()
    if !pictures.isEmpty {
      body.append("<h2>Pictures of the runs</h2>\n<div class=\"grid\">")
      for name in pictures {
        let url = directory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else { continue }
        let type = name.hasSuffix(".png") ? "image/png" : "image/svg+xml"
        body.append("<figure><img src=\"data:\(type);base64,\(data.base64EncodedString())\" alt=\"\(e(name))\"><figcaption>\(e(name))</figcaption></figure>")
      }
      body.append("</div>")
    }
    body.append("<h2>Settings</h2>")
    var settings = ["<tr><th>option</th><th>value</th></tr>"]
    for key in manifest.settings.keys.sorted() {
      settings.append("<tr><td><code>--\(e(key))</code></td><td><code>\(e(manifest.settings[key]!))</code></td></tr>")
    }
    settings.append("<tr><td><code>--seeds</code></td><td><code>\(manifest.seeds)</code></td></tr>")
    body.append("<table>\n" + settings.joined(separator: "\n") + "\n</table>")
    let command = (["ebm study", manifest.study] + manifest.settings.keys.sorted().map { "--\($0) \(manifest.settings[$0]!)" } + ["--seeds \(manifest.seeds)"])
      .joined(separator: " ")
    body.append("<p>Re-run: <code>\(e(command))</code></p>")
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>ebm study \(e(manifest.study))</title>
      <style>
      body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; padding: 0 1em; }
      h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
      table { border-collapse: collapse; font-size: 0.92em; }
      th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; font-variant-numeric: tabular-nums; }
      th { background: #f3f3f3; }
      pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; }
      figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
      figcaption { font-size: 0.9em; color: #555; }
      .grid { display: flex; flex-wrap: wrap; gap: 1em; } .grid figure { margin: 0; } .grid img { max-width: 580px; }
      .meta { color: #555; } .warn { color: #a00; }
      </style>
      </head>
      <body>
      \(body.joined(separator: "\n"))
      </body>
      </html>

      """
  }

  /// An SVG document without its XML prolog, for inlining in HTML.
  static func inlineSVG(_ svg: String) -> String {
    guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
    return String(svg[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
