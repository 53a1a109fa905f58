import Foundation
import Tensors

/// Decodes the JSON files a user writes or hands over (pipeline files, checkpoint sidecars) as
/// strictly as safetensors headers: invalid JSON, duplicate keys, trailing commas and deep
/// nesting are errors (``StrictJSON``), and a value of the wrong type is reported by field with
/// what was found: "`step`: expected an integer, got 63.5".
enum StrictJSONDecoder {
  /// Decodes `T` from `data`; `path` names the file in errors.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the field and the fix.
  static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
    let object = try parse(data, path: path)
    do {
      return try JSONDecoder().decode(T.self, from: data)
    } catch let DecodingError.keyNotFound(key, context) {
      throw EBMError.invalidFile(path: path, reason: "missing field `\(fieldPath(context.codingPath + [key]))`")
    } catch let DecodingError.typeMismatch(expected, context) {
      throw EBMError.invalidFile(
        path: path, reason: mismatch(context.codingPath, expected: noun(for: expected), in: object))
    } catch let DecodingError.valueNotFound(expected, context) {
      throw EBMError.invalidFile(
        path: path, reason: mismatch(context.codingPath, expected: noun(for: expected), in: object))
    } catch let DecodingError.dataCorrupted(context) {
      let field = fieldPath(context.codingPath)
      // JSONDecoder reports a number that does not fit the field's integer type (63.5, -1, 1e30
      // for an Int or UInt64) as corrupted data; say which type was expected.
      let text = context.debugDescription
      if text.contains("does not fit in UInt") {
        throw EBMError.invalidFile(path: path, reason: mismatch(context.codingPath, expected: "a non-negative integer", in: object))
      }
      if text.contains("does not fit in Int") {
        throw EBMError.invalidFile(path: path, reason: mismatch(context.codingPath, expected: "an integer", in: object))
      }
      throw EBMError.invalidFile(path: path, reason: field.isEmpty ? "is not valid (\(text))" : "`\(field)`: \(text)")
    } catch let error as EBMError {
      throw error
    } catch {
      throw EBMError.invalidFile(path: path, reason: "is not valid (\(describe(error)))")
    }
  }

  /// The JSON value in `data` (a `JSONSerialization` object), once the text is known to be
  /// valid, strict JSON.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` saying what is wrong with the text.
  static func parse(_ data: Data, path: String) throws -> Any {
    // Checked first: a reader must not recurse as deep as the file nests.
    if let violation = StrictJSON.firstViolation(in: data), case .tooDeep = violation {
      throw EBMError.invalidFile(path: path, reason: "is not strict JSON: \(violation)")
    }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw EBMError.invalidFile(path: path, reason: "is not valid JSON (\(describe(error)))")
    }
    if let violation = StrictJSON.firstViolation(in: data) {
      throw EBMError.invalidFile(path: path, reason: "is not strict JSON: \(violation)")
    }
    return object
  }

  /// Checks that the value at `keys` (if any) is an integer that fits `Int` (or, `unsigned`,
  /// `UInt64`). JSONDecoder on some platforms reports such a number as invalid JSON without
  /// saying where, so the fields a file format declares as integers are checked first.
  /// - Throws: ``EBMError/invalidFile(path:reason:)``: "`step`: expected an integer, got 63.5".
  static func checkInteger(_ object: Any, at keys: [String], unsigned: Bool = false, path: String) throws {
    guard let value = value(at: keys, in: object) else { return }
    let expected = unsigned ? "a non-negative integer" : "an integer"
    let field = keys.joined(separator: ".")
    func fail() -> EBMError {
      .invalidFile(path: path, reason: "`\(field)`: expected \(expected), got \(describeJSON(value))")
    }
    guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { throw fail() }
    if let text = Optional(number.stringValue), let _ = unsigned ? UInt64(text).map({ _ in 0 }) : Int(text) {
      return
    }
    throw fail()
  }

  /// The JSON value at a path of object keys.
  static func value(at keys: [String], in object: Any) -> Any? {
    var current = object
    for key in keys {
      guard let dictionary = current as? [String: Any], let next = dictionary[key] else { return nil }
      current = next
    }
    return current
  }

  /// "`field`: expected EXPECTED, got VALUE".
  static func mismatch(_ codingPath: [any CodingKey], expected: String, in object: Any) -> String {
    let found = value(at: codingPath, in: object).map(describeJSON) ?? "nothing"
    let field = fieldPath(codingPath)
    return (field.isEmpty ? "" : "`\(field)`: ") + "expected \(expected), got \(found)"
  }

  /// The JSON value at `codingPath` in a `JSONSerialization` object.
  static func value(at codingPath: [any CodingKey], in object: Any) -> Any? {
    var current: Any = object
    for key in codingPath {
      if let index = key.intValue, let array = current as? [Any] {
        guard index >= 0 && index < array.count else { return nil }
        current = array[index]
      } else if let dictionary = current as? [String: Any], let next = dictionary[key.stringValue] {
        current = next
      } else {
        return nil
      }
    }
    return current
  }

  /// A JSON value as the user wrote it, shortened.
  static func describeJSON(_ value: Any) -> String {
    switch value {
    case is NSNull: return "null"
    case let string as String: return "\"\(string.prefix(40))\"" + (string.count > 40 ? "…" : "")
    case let number as NSNumber:
      if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
      return number.stringValue
    case is [Any]: return "a list"
    case is [String: Any]: return "an object"
    default: return "\(value)"
    }
  }

  /// "an integer", "a number", … for a Swift type JSONDecoder expected.
  static func noun(for type: Any.Type) -> String {
    switch type {
    case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
    case is UInt64.Type, is UInt.Type, is UInt32.Type: "a non-negative integer"
    case is Double.Type, is Float.Type: "a number"
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    default:
      String(describing: type).hasPrefix("Array") ? "a list"
        : String(describing: type).hasPrefix("Dictionary") ? "an object" : "a value of type \(type)"
    }
  }

  /// `objective.options.samples`, `epochLosses[3]`.
  static func fieldPath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        text += (text.isEmpty ? "" : ".") + key.stringValue
      }
    }
    return text
  }

  static func describe(_ error: any Error) -> String {
    let nsError = error as NSError
    return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
  }
}
