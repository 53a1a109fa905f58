import EBMProtocols
import Foundation

/// Reads the digits CSV files (`p0,…,p63,label[,src]`: 64 integer pixels 0…16, row-major
/// 8 × 8, then the label; one header line) of the `ood-digits` split.
public enum DigitsCSVReader {
  /// Reads one file.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the file, line and what is wrong.
  public static func read(_ url: URL) throws -> LabelledImages {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
    }
    return try parse(text, path: url.path)
  }

  /// Parses CSV text; `path` names the source in errors.
  public static func parse(_ text: String, path: String) throws -> LabelledImages {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    guard let header = lines.first, header.hasPrefix("p0") else {
      throw EBMError.invalidFile(path: path, reason: "line 1 must be the header p0,…,p63,label")
    }
    lines.removeFirst()
    var pixels: [Float] = []
    pixels.reserveCapacity(lines.count * 64)
    var labels: [Int] = []
    for (i, line) in lines.enumerated() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count >= 65 else {
        throw EBMError.invalidFile(path: path, reason: "line \(i + 2) has \(fields.count) fields; expected 64 pixels and a label")
      }
      for f in fields[0..<64] {
        guard let v = Int(f.trimmingCharacters(in: .whitespaces)), (0...16).contains(v) else {
          throw EBMError.invalidFile(path: path, reason: "line \(i + 2): pixel '\(f)' is not an integer in 0…16")
        }
        pixels.append(Float(v))
      }
      guard let label = Int(fields[64].trimmingCharacters(in: .whitespaces)) else {
        throw EBMError.invalidFile(path: path, reason: "line \(i + 2): label '\(fields[64])' is not an integer")
      }
      labels.append(label)
    }
    return LabelledImages(imageShape: [8, 8], pixels: pixels, labels: labels)
  }
}
