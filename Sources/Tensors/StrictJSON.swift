import Foundation

/// The checks that make JSON files as strict as RFC 8259 where `JSONSerialization` is lenient:
/// duplicate keys within one object (it silently keeps the last) and trailing commas
/// (`[1, 2,]`), plus a nesting limit so that no reader recurses without bound.
///
/// The scanner walks text that `JSONSerialization` has already accepted: it tracks strings and
/// the nesting of objects and arrays, and records each object's keys, decoding escaped keys so
/// that `"a"` and `"\u0061"` collide. Used by the safetensors header, checkpoint sidecars and
/// pipeline files.
public enum StrictJSON {
  /// What makes accepted JSON text non-strict.
  public enum Violation: Equatable, Sendable, CustomStringConvertible {
    /// A key that occurs twice in one object.
    case duplicateKey(String)
    /// A comma directly before `}` or `]`, at this byte offset.
    case trailingComma(offset: Int)
    /// Objects and arrays nested deeper than `limit`.
    case tooDeep(limit: Int)

    public var description: String {
      switch self {
      case let .duplicateKey(key): "the key '\(key)' appears twice in one object"
      case let .trailingComma(offset): "trailing comma before byte \(offset)"
      case let .tooDeep(limit): "objects and arrays are nested more than \(limit) deep"
      }
    }
  }

  /// The default nesting limit: 64 levels.
  public static let defaultMaximumDepth = 64

  /// The first violation in `json`, or `nil` when it is strict.
  /// - Complexity: O(length of `json`).
  public static func firstViolation(in json: UnsafeRawBufferPointer, maximumDepth: Int = defaultMaximumDepth) -> Violation? {
    // One frame per open container: the index of its key set in `keySets` (nil for an
    // array) and whether the next string in an object is a key.
    var stack: [(keySet: Int?, expectingKey: Bool)] = []
    var keySets: [Set<String>] = []
    var index = 0
    let count = json.count
    var afterComma = false
    while index < count {
      let byte = json[index]
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        index += 1
        continue
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        if afterComma {
          return .trailingComma(offset: index)
        }
      default:
        break
      }
      afterComma = byte == UInt8(ascii: ",")
      switch byte {
      case UInt8(ascii: "{"):
        guard stack.count < maximumDepth else { return .tooDeep(limit: maximumDepth) }
        keySets.append([])
        stack.append((keySet: keySets.count - 1, expectingKey: true))
        index += 1
      case UInt8(ascii: "["):
        guard stack.count < maximumDepth else { return .tooDeep(limit: maximumDepth) }
        stack.append((keySet: nil, expectingKey: false))
        index += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        _ = stack.popLast()
        index += 1
      case UInt8(ascii: ","):
        if let top = stack.last, top.keySet != nil {
          stack[stack.count - 1].expectingKey = true
        }
        index += 1
      case UInt8(ascii: "\""):
        let start = index
        index += 1
        var escaped = false
        while index < count {
          let current = json[index]
          index += 1
          if current == UInt8(ascii: "\\") {
            escaped = true
            index += 1
          } else if current == UInt8(ascii: "\"") {
            break
          }
        }
        guard let top = stack.last, let keySet = top.keySet, top.expectingKey else { continue }
        let token = UnsafeRawBufferPointer(rebasing: json[start..<min(index, count)])
        let key: String
        if escaped {
          guard
            let decoded = try? JSONSerialization.jsonObject(
              with: Data(token), options: .fragmentsAllowed) as? String
          else { continue }
          key = decoded
        } else {
          key = String(decoding: token.dropFirst().dropLast(), as: UTF8.self)
        }
        guard keySets[keySet].insert(key).inserted else {
          return .duplicateKey(key)
        }
        stack[stack.count - 1].expectingKey = false
      default:
        index += 1
      }
    }
    return nil
  }

  /// The first violation in `data`, or `nil` when it is strict.
  public static func firstViolation(in data: Data, maximumDepth: Int = defaultMaximumDepth) -> Violation? {
    data.withUnsafeBytes { firstViolation(in: $0, maximumDepth: maximumDepth) }
  }
}
