import EBMProtocols
import Foundation

/// The text files tracking benchmarks annotate with: one line per frame, numbers separated by
/// commas, tabs or spaces (OTB mixes all three), `NaN` for an absent target (UAV123, LaSOT).
public enum BoxAnnotationFile {
  /// The `[x, y, w, h]` rows of `url`; blank lines are skipped.
  ///
  /// - Throws: `EBMError.invalidFile` naming the file, the line and what is wrong.
  public static func readBoxes(_ url: URL) throws -> [BoundingBox] {
    try rows(url, path: url.path).map { line, values in
      guard values.count == 4 else {
        throw EBMError.invalidFile(
          path: url.path, reason: "line \(line) has \(values.count) numbers, expected 4 (x, y, width, height)")
      }
      return BoundingBox(x: values[0], y: values[1], width: values[2], height: values[3])
    }
  }

  /// Integer flags, one per frame, whether one a line (GOT-10k `absence.label`, `cover.label`)
  /// or comma separated on one line (LaSOT `full_occlusion.txt`, `out_of_view.txt`).
  public static func readFlags(_ url: URL) throws -> [Int] {
    try rows(url, path: url.path).flatMap { line, values in
      try values.map { value in
        guard let flag = Int(exactly: value) else {
          throw EBMError.invalidFile(path: url.path, reason: "line \(line): '\(value)' is not an integer flag")
        }
        return flag
      }
    }
  }

  /// `[x, y, w, h]` rows with at most 4 decimals, comma separated, as GOT-10k stores them.
  public static func format(_ boxes: [BoundingBox]) -> String {
    func number(_ v: Double) -> String {
      let rounded = (v * 10_000).rounded() / 10_000
      return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.4f", rounded)
    }
    return boxes.map { b in [b.x, b.y, b.width, b.height].map(number).joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// The numbers of each non-blank line with its 1-based line number.
  static func rows(_ url: URL, path: String) throws -> [(Int, [Double])] {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw EBMError.invalidFile(path: path, reason: "cannot be read (\(error.localizedDescription))")
    }
    var result: [(Int, [Double])] = []
    for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let fields = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
      if fields.isEmpty { continue }
      let values = try fields.map { field -> Double in
        guard let value = Double(field) else {
          throw EBMError.invalidFile(path: path, reason: "line \(index + 1): '\(field)' is not a number")
        }
        return value
      }
      result.append((index + 1, values))
    }
    return result
  }
}
