import EBMProtocols
import Foundation

/// The UCI optical-recognition handwritten digits as shipped in scikit-learn (1797 images of
/// 8 × 8 pixels with values 0…16, ten classes; licence CC BY 4.0), read from the package's
/// `Resources/digits.csv` (columns `p0…p63` row-major, then `label`).
public enum HandwrittenDigits {
  /// Pixels scaled to [0, 1] (row-major `[N, 64]`) and labels.
  public struct Contents: Sendable {
    public var pixels: [Float]
    public var labels: [Int]
    public var count: Int { labels.count }
  }

  /// Reads and checks the bundled file.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the line that is malformed.
  public static func load() throws -> Contents {
    guard let url = Bundle.module.url(forResource: "digits", withExtension: "csv", subdirectory: "Resources") else {
      throw EBMError.invalidFile(path: "Resources/digits.csv", reason: "is missing from the Tasks bundle")
    }
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw EBMError.invalidFile(path: url.lastPathComponent, reason: "cannot be read (\(error.localizedDescription))")
    }
    return try parse(text, path: url.lastPathComponent)
  }

  /// Parses the CSV text (header line, then 65 integers per line).
  public static func parse(_ text: String, path: String) throws -> Contents {
    var pixels: [Float] = []
    var labels: [Int] = []
    for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where number > 0 {
      let fields = line.split(separator: ",")
      guard fields.count == 65 else {
        throw EBMError.invalidFile(path: path, reason: "line \(number + 1) has \(fields.count) fields, expected 65 (p0…p63, label)")
      }
      for field in fields.prefix(64) {
        guard let v = Float(field), v >= 0, v <= 16 else {
          throw EBMError.invalidFile(path: path, reason: "line \(number + 1): pixel '\(field)' is not in 0…16")
        }
        pixels.append(v / 16)
      }
      guard let label = Int(fields[64]), (0..<10).contains(label) else {
        throw EBMError.invalidFile(path: path, reason: "line \(number + 1): label '\(fields[64])' is not in 0…9")
      }
      labels.append(label)
    }
    guard !labels.isEmpty else { throw EBMError.invalidFile(path: path, reason: "has no data lines") }
    return Contents(pixels: pixels, labels: labels)
  }
}
