import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading and writing tensors in the safetensors format.
///
/// A file is an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the raw
/// little-endian tensor data:
///
/// ```
/// {"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...,
///  "__metadata__": {"key": "value"}}
/// ```
///
/// Offsets are relative to the start of the data section. Writing stores every tensor as F32,
/// in name order, contiguously, with the header padded with spaces to a multiple of 8 bytes.
/// Reading accepts F32, F64, F16, BF16, I64, I32, I16, U16, I8, U8 and BOOL (converted to `Float`),
/// and rejects anything malformed with a ``SafeTensorsError`` that says what is wrong: it never
/// traps or reads out of bounds, whatever the input. Tensors must tile the data section exactly,
/// as the format's specification requires.
///
/// ```swift
/// try SafeTensors.write(["w": w, "b": b], to: url, metadata: ["step": "1000"])
/// let (tensors, metadata) = try SafeTensors.read(from: url)
/// ```
///
/// References: the safetensors format, https://github.com/huggingface/safetensors.
public enum SafeTensors {
  /// The largest header accepted or written: 100 MB (the reference implementation's limit).
  public static let maximumHeaderLength = 100_000_000

  /// The dtypes ``decode(_:)`` converts to `Float`.
  public static var supportedDTypes: [String] { DType.allCases.map(\.rawValue) }

  /// The key of the metadata object in the header.
  static let metadataKey = "__metadata__"

  // MARK: Encoding

  /// The safetensors bytes for the given tensors (all stored as F32) and metadata.
  ///
  /// The output is deterministic: tensors are laid out in sorted-name order and the header's
  /// keys are sorted. The `__metadata__` object is omitted when `metadata` is empty.
  ///
  /// - Parameters:
  ///   - tensors: The tensors by name.
  ///   - metadata: Free-form string pairs. The default value is empty.
  /// - Returns: The file contents.
  /// - Throws: ``SafeTensorsError/reservedName(_:)`` for a tensor named `__metadata__`;
  ///   ``SafeTensorsError/headerTooLarge(length:limit:)`` if the header would exceed
  ///   ``maximumHeaderLength``.
  /// - Complexity: O(total number of elements + number of tensors × log).
  public static func encode(
    _ tensors: [String: Tensor], metadata: [String: String] = [:]
  ) throws -> Data {
    let names = tensors.keys.sorted()
    var header = [String: Any]()
    var offset = 0
    for name in names {
      guard name != metadataKey else { throw SafeTensorsError.reservedName(name) }
      guard let tensor = tensors[name] else { continue }
      let byteCount = tensor.count * 4
      header[name] =
        [
          "dtype": DType.f32.rawValue,
          "shape": tensor.shape,
          "data_offsets": [offset, offset + byteCount],
        ] as [String: Any]
      offset += byteCount
    }
    if !metadata.isEmpty {
      header[metadataKey] = metadata
    }
    var json = try JSONSerialization.data(
      withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
    let padding = (8 - json.count % 8) % 8
    json.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: padding))
    guard json.count <= maximumHeaderLength else {
      throw SafeTensorsError.headerTooLarge(length: UInt64(json.count), limit: maximumHeaderLength)
    }

    var output = Data(capacity: 8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { output.append(contentsOf: $0) }
    output.append(json)
    for name in names {
      guard let tensor = tensors[name] else { continue }
      #if _endian(little)
        tensor.scalars.withUnsafeBytes { output.append(contentsOf: $0) }
      #else
        for value in tensor.scalars {
          withUnsafeBytes(of: value.bitPattern.littleEndian) { output.append(contentsOf: $0) }
        }
      #endif
    }
    return output
  }

  // MARK: Decoding

  /// The tensors and metadata stored in safetensors bytes.
  ///
  /// - Parameter data: The file contents.
  /// - Returns: The tensors by name (converted to `Float`) and the metadata (empty if absent).
  /// - Throws: A ``SafeTensorsError`` naming the first problem found: truncated or oversized
  ///   header, invalid JSON or non-object header, duplicate names, a missing or malformed
  ///   `dtype`, `shape` or `data_offsets`, an unsupported dtype, a shape whose size overflows,
  ///   offsets outside the data section or with end < begin, a byte count that differs from
  ///   product(shape) × dtype size, overlapping or gapped tensors, trailing bytes, or bad
  ///   metadata.
  /// - Complexity: O(file size).
  public static func decode(
    _ data: Data
  ) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    try data.withUnsafeBytes { bytes in try decode(bytes: bytes) }
  }

  /// One header entry, checked.
  private struct Entry {
    var name: String
    var dtype: DType
    var shape: [Int]
    var elementCount: Int
    var begin: Int
    var end: Int
  }

  private static func decode(
    bytes: UnsafeRawBufferPointer
  ) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    guard bytes.count >= 8 else {
      throw SafeTensorsError.truncatedHeaderLength(byteCount: bytes.count)
    }
    let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
    guard headerLength <= UInt64(maximumHeaderLength) else {
      throw SafeTensorsError.headerTooLarge(length: headerLength, limit: maximumHeaderLength)
    }
    guard headerLength <= UInt64(bytes.count - 8) else {
      throw SafeTensorsError.headerBeyondFile(length: headerLength, available: bytes.count - 8)
    }
    let dataStart = 8 + Int(headerLength)
    let dataLength = bytes.count - dataStart
    let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart])

    let header = try parseHeader(headerBytes)
    let metadata = try parseMetadata(header[metadataKey])

    var entries = [Entry]()
    entries.reserveCapacity(header.count)
    for name in header.keys.sorted() where name != metadataKey {
      entries.append(try parseEntry(name: name, value: header[name], dataLength: dataLength))
    }

    // The entries must tile the data section: sorted by offsets, each starts where the
    // previous one ended, and the last ends at the end of the section.
    entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
    var expected = 0
    for entry in entries {
      guard entry.begin == expected else {
        throw SafeTensorsError.notContiguous(
          tensor: entry.name, begin: entry.begin, expected: expected)
      }
      expected = entry.end
    }
    guard expected == dataLength else {
      throw SafeTensorsError.trailingBytes(used: expected, dataLength: dataLength)
    }

    let dataSection = UnsafeRawBufferPointer(rebasing: bytes[dataStart...])
    var tensors = [String: Tensor]()
    for entry in entries {
      let scalars = entry.dtype.convert(dataSection, offset: entry.begin, count: entry.elementCount)
      tensors[entry.name] = Tensor(shape: entry.shape, scalars: scalars)
    }
    return (tensors, metadata)
  }

  /// The header's top-level object, after checking encoding, syntax, duplicate keys and
  /// trailing commas.
  private static func parseHeader(_ headerBytes: UnsafeRawBufferPointer) throws -> [String: Any] {
    guard headerBytes.first == UInt8(ascii: "{") else {
      throw SafeTensorsError.invalidHeader(reason: "the JSON header does not start with '{'")
    }
    guard String(validating: headerBytes, as: UTF8.self) != nil else {
      throw SafeTensorsError.invalidHeader(reason: "the header is not valid UTF-8")
    }
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: Data(headerBytes))
    } catch {
      throw SafeTensorsError.invalidHeader(reason: "the header is not valid JSON")
    }
    guard let object = parsed as? [String: Any] else {
      throw SafeTensorsError.invalidHeader(reason: "the header is not a JSON object")
    }
    try checkStrictJSON(headerBytes)
    return object
  }

  /// The metadata object, if present, as string pairs.
  private static func parseMetadata(_ value: Any?) throws -> [String: String] {
    guard let value else { return [:] }
    guard let object = value as? [String: Any] else {
      throw SafeTensorsError.invalidMetadata(reason: "it is not a JSON object")
    }
    var metadata = [String: String]()
    for (key, entry) in object {
      guard let string = entry as? String else {
        throw SafeTensorsError.invalidMetadata(reason: "the value of '\(key)' is not a string")
      }
      metadata[key] = string
    }
    return metadata
  }

  /// One tensor entry, with every field checked against the data section.
  private static func parseEntry(name: String, value: Any?, dataLength: Int) throws -> Entry {
    guard let object = value as? [String: Any] else {
      throw SafeTensorsError.invalidEntry(tensor: name, reason: "the entry is not a JSON object")
    }
    guard let dtypeValue = object["dtype"] else {
      throw SafeTensorsError.invalidEntry(tensor: name, reason: "\"dtype\" is missing")
    }
    guard let dtypeName = dtypeValue as? String else {
      throw SafeTensorsError.invalidEntry(tensor: name, reason: "\"dtype\" is not a string")
    }
    guard let dtype = DType(rawValue: dtypeName) else {
      throw SafeTensorsError.unsupportedDType(tensor: name, dtype: dtypeName)
    }
    guard let shapeValue = object["shape"] else {
      throw SafeTensorsError.invalidEntry(tensor: name, reason: "\"shape\" is missing")
    }
    let shape = try integers(shapeValue, field: "shape", tensor: name)
    var elementCount = 1
    for extent in shape {
      let (product, overflow) = elementCount.multipliedReportingOverflow(by: extent)
      guard !overflow else {
        throw SafeTensorsError.invalidEntry(
          tensor: name, reason: "the element count of shape \(shape) overflows")
      }
      elementCount = product
    }
    let (byteCount, overflow) = elementCount.multipliedReportingOverflow(by: dtype.size)
    guard !overflow else {
      throw SafeTensorsError.invalidEntry(
        tensor: name, reason: "the byte count of shape \(shape) overflows")
    }
    guard let offsetsValue = object["data_offsets"] else {
      throw SafeTensorsError.invalidEntry(tensor: name, reason: "\"data_offsets\" is missing")
    }
    let offsets = try integers(offsetsValue, field: "data_offsets", tensor: name)
    guard offsets.count == 2 else {
      throw SafeTensorsError.invalidEntry(
        tensor: name, reason: "\"data_offsets\" has \(offsets.count) values, expected 2")
    }
    let (begin, end) = (offsets[0], offsets[1])
    guard begin <= end else {
      throw SafeTensorsError.invalidEntry(
        tensor: name, reason: "\"data_offsets\" [\(begin), \(end)] ends before it begins")
    }
    guard end <= dataLength else {
      throw SafeTensorsError.offsetsOutOfRange(
        tensor: name, begin: begin, end: end, dataLength: dataLength)
    }
    guard end - begin == byteCount else {
      throw SafeTensorsError.sizeMismatch(
        tensor: name, shape: shape, dtype: dtype.rawValue, expectedBytes: byteCount,
        actualBytes: end - begin)
    }
    return Entry(
      name: name, dtype: dtype, shape: shape, elementCount: elementCount, begin: begin, end: end)
  }

  /// A JSON array of non-negative integers (not booleans, not floating-point numbers).
  private static func integers(_ value: Any, field: String, tensor: String) throws -> [Int] {
    guard let array = value as? [Any] else {
      throw SafeTensorsError.invalidEntry(tensor: tensor, reason: "\"\(field)\" is not an array")
    }
    var result = [Int]()
    result.reserveCapacity(array.count)
    for element in array {
      guard let integer = nonNegativeInteger(element) else {
        throw SafeTensorsError.invalidEntry(
          tensor: tensor,
          reason: "\"\(field)\" holds \(element), which is not a non-negative integer")
      }
      result.append(integer)
    }
    return result
  }

  /// The value of a JSON integer literal in 0...Int.max, or nil.
  ///
  /// `JSONSerialization` returns every number (and, on Linux, every boolean) as an
  /// `NSNumber`; the Objective-C type code tells integers (`i`, `l`, `q`, `Q`, ...) from
  /// booleans (`c`) and floating-point numbers (`d`), and `NSDecimalNumber` marks values too
  /// large for 64 bits.
  private static func nonNegativeInteger(_ value: Any) -> Int? {
    guard let number = value as? NSNumber, !(number is NSDecimalNumber) else { return nil }
    let code = String(cString: number.objCType)
    switch code {
    case "s", "i", "l", "q":
      let signed = number.int64Value
      return signed >= 0 && signed <= Int64(Int.max) ? Int(signed) : nil
    case "S", "I", "L", "Q":
      let unsigned = number.uint64Value
      return unsigned <= UInt64(Int.max) ? Int(unsigned) : nil
    default:
      return nil
    }
  }

  // MARK: Files

  /// Writes tensors to a safetensors file atomically.
  ///
  /// The bytes are encoded first, written to a temporary file in the destination's directory,
  /// flushed to disk, and then renamed over the destination. So either the new file is complete
  /// or the old one (if any) is untouched, and no temporary file is left behind on failure.
  ///
  /// - Parameters:
  ///   - tensors: The tensors by name.
  ///   - url: The destination file.
  ///   - metadata: Free-form string pairs. The default value is empty.
  /// - Throws: The errors of ``encode(_:metadata:)``, or
  ///   ``SafeTensorsError/fileSystem(path:reason:)`` if the file cannot be written.
  public static func write(
    _ tensors: [String: Tensor], to url: URL, metadata: [String: String] = [:]
  ) throws {
    try writeAtomically(try encode(tensors, metadata: metadata), to: url)
  }

  /// Writes `data` to `url` through a temporary file renamed into place.
  static func writeAtomically(_ data: Data, to url: URL) throws {
    do {
      try AtomicFile.write(data, to: url)
    } catch {
      throw SafeTensorsError.fileSystem(path: url.path, reason: error.reason)
    }
  }

  /// Reads the tensors and metadata of a safetensors file.
  ///
  /// - Parameter url: The file.
  /// - Returns: The tensors by name (converted to `Float`) and the metadata.
  /// - Throws: ``SafeTensorsError/fileSystem(path:reason:)`` if the file cannot be read, or
  ///   ``SafeTensorsError/inFile(path:error:)`` wrapping a ``decode(_:)`` error.
  public static func read(
    from url: URL
  ) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    let data: Data
    do {
      data = try InputFile.read(url, limit: InputFile.tensorLimit, mapped: true)
    } catch {
      throw SafeTensorsError.fileSystem(path: url.path, reason: error.reason)
    }
    do {
      return try decode(data)
    } catch let error as SafeTensorsError {
      throw SafeTensorsError.inFile(path: url.path, error: error)
    }
  }
}
