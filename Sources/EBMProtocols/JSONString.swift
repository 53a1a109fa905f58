/// The one JSON string writer of the package: turns text into a quoted JSON string literal.
///
/// Escapes `"` and `\`, writes newline, carriage return and tab as `\n`, `\r`, `\t`, and any other
/// control character below U+0020 as `\uXXXX` (lower-case hex); every other scalar is written as is.
/// Used by the study result files, the CLI's JSON output and the benchmark records.
public enum JSONString {
  /// `text` as a JSON string literal, quotes included.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
