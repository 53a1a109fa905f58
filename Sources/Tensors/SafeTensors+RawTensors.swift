import Foundation

extension SafeTensors {
  /// An integer tensor stored as it is, for files that must keep their exact element type
  /// (decoded image pixels: `U8`, or `U16` for 16-bit images).
  public struct RawTensor: Sendable, Equatable {
    /// The element type: `U8` or `U16` (little-endian).
    public enum ElementType: String, Sendable {
      case u8 = "U8"
      case u16 = "U16"

      var size: Int { self == .u8 ? 1 : 2 }
    }

    public var elementType: ElementType
    public var shape: [Int]
    /// The elements' little-endian bytes, row-major.
    public var bytes: [UInt8]

    /// A raw tensor.
    ///
    /// - Precondition: `bytes.count` equals product(shape) × the element size.
    public init(_ elementType: ElementType, shape: [Int], bytes: [UInt8]) {
      precondition(
        bytes.count == shape.reduce(1, *) * elementType.size,
        "RawTensor \(elementType.rawValue) \(shape) needs \(shape.reduce(1, *) * elementType.size) bytes, got \(bytes.count)")
      self.elementType = elementType
      self.shape = shape
      self.bytes = bytes
    }
  }

  /// The safetensors bytes for raw integer tensors, laid out like ``encode(_:metadata:)``
  /// (sorted names, sorted header keys, header padded to 8 bytes).
  ///
  /// - Throws: ``SafeTensorsError/reservedName(_:)`` for a tensor named `__metadata__`.
  public static func encode(raw tensors: [String: RawTensor], metadata: [String: String] = [:]) throws -> Data {
    let names = tensors.keys.sorted()
    var header = [String: Any]()
    var offset = 0
    for name in names {
      guard name != metadataKey else { throw SafeTensorsError.reservedName(name) }
      guard let tensor = tensors[name] else { continue }
      header[name] =
        [
          "dtype": tensor.elementType.rawValue, "shape": tensor.shape,
          "data_offsets": [offset, offset + tensor.bytes.count],
        ] as [String: Any]
      offset += tensor.bytes.count
    }
    if !metadata.isEmpty { header[metadataKey] = metadata }
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
    json.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8))
    var output = Data(capacity: 8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { output.append(contentsOf: $0) }
    output.append(json)
    for name in names { output.append(contentsOf: tensors[name]?.bytes ?? []) }
    return output
  }

  /// Writes raw integer tensors to a safetensors file atomically.
  ///
  /// - Throws: The errors of ``encode(raw:metadata:)`` or
  ///   ``SafeTensorsError/fileSystem(path:reason:)``.
  public static func write(raw tensors: [String: RawTensor], to url: URL, metadata: [String: String] = [:]) throws {
    try writeAtomically(try encode(raw: tensors, metadata: metadata), to: url)
  }
}
