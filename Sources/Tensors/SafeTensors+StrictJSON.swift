import Foundation

extension SafeTensors {
  /// Rejects what `JSONSerialization` lets through but JSON (RFC 8259) forbids: duplicate keys
  /// within one object (it silently keeps the last) and trailing commas (`[1, 2,]`).
  ///
  /// The scanner walks the text that `JSONSerialization` has already accepted: it tracks
  /// strings and the nesting of objects and arrays, and records each object's keys, decoding
  /// escaped keys so that `"a"` and `"\u0061"` collide.
  ///
  /// - Throws: ``SafeTensorsError/duplicateName(_:)`` or
  ///   ``SafeTensorsError/invalidHeader(reason:)`` for a trailing comma.
  /// - Complexity: O(length of `json`).
  static func checkStrictJSON(_ json: UnsafeRawBufferPointer) throws {
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
          throw SafeTensorsError.invalidHeader(reason: "trailing comma before byte \(index)")
        }
      default:
        break
      }
      afterComma = byte == UInt8(ascii: ",")
      switch byte {
      case UInt8(ascii: "{"):
        keySets.append([])
        stack.append((keySet: keySets.count - 1, expectingKey: true))
        index += 1
      case UInt8(ascii: "["):
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
          throw SafeTensorsError.duplicateName(key)
        }
        stack[stack.count - 1].expectingKey = false
      default:
        index += 1
      }
    }
  }
}
