import Foundation

extension SafeTensors {
  /// Rejects what `JSONSerialization` lets through but JSON (RFC 8259) forbids (see
  /// ``StrictJSON``).
  ///
  /// - Throws: ``SafeTensorsError/duplicateName(_:)`` or
  ///   ``SafeTensorsError/invalidHeader(reason:)`` for a trailing comma or deep nesting.
  /// - Complexity: O(length of `json`).
  static func checkStrictJSON(_ json: UnsafeRawBufferPointer) throws {
    switch StrictJSON.firstViolation(in: json) {
    case nil: return
    case let .duplicateKey(key): throw SafeTensorsError.duplicateName(key)
    case let violation?: throw SafeTensorsError.invalidHeader(reason: violation.description)
    }
  }
}
