import EBMProtocols
import Foundation

/// Reads MNIST-style IDX files (LeCun's format: two zero bytes, a type byte, the number of
/// dimensions, big-endian 32-bit extents, then the values big-endian).
///
/// Types: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32,
/// 0x0E float64. Users bring the files (e.g. `train-images-idx3-ubyte`); nothing is downloaded.
public enum IDXReader {
  /// The values of an IDX file and its shape.
  public struct Array: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Float]
  }

  /// Reads and decodes one file.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the file and what is wrong.
  public static func read(_ url: URL) throws -> Array {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
    }
    return try decode([UInt8](data), path: url.path)
  }

  /// Decodes IDX bytes; `path` names the source in errors.
  public static func decode(_ bytes: [UInt8], path: String) throws -> Array {
    func fail(_ reason: String) -> EBMError { .invalidFile(path: path, reason: reason) }
    guard bytes.count >= 4 else { throw fail("is not an IDX file: \(bytes.count) bytes, shorter than the 4-byte header") }
    guard bytes[0] == 0, bytes[1] == 0 else {
      throw fail("is not an IDX file: the magic number must start with two zero bytes (is it still gzip-compressed?)")
    }
    let width: Int
    switch bytes[2] {
    case 0x08, 0x09: width = 1
    case 0x0B: width = 2
    case 0x0C, 0x0D: width = 4
    case 0x0E: width = 8
    default: throw fail("has unknown IDX data type 0x\(String(bytes[2], radix: 16)); expected 08, 09, 0B, 0C, 0D or 0E")
    }
    let rank = Int(bytes[3])
    guard rank >= 1 else { throw fail("has 0 dimensions") }
    guard bytes.count >= 4 + 4 * rank else { throw fail("is truncated inside the header (\(rank) dimensions)") }
    func uint32(_ at: Int) -> UInt32 {
      (UInt32(bytes[at]) << 24) | (UInt32(bytes[at + 1]) << 16) | (UInt32(bytes[at + 2]) << 8) | UInt32(bytes[at + 3])
    }
    let shape = (0..<rank).map { Int(uint32(4 + 4 * $0)) }
    let count = shape.reduce(1, *)
    let start = 4 + 4 * rank
    let expected = start + count * width
    guard bytes.count == expected else {
      throw fail("has \(bytes.count) bytes, but its header \(shape) needs \(expected)")
    }
    var values = [Float](repeating: 0, count: count)
    for i in 0..<count {
      let at = start + i * width
      switch bytes[2] {
      case 0x08: values[i] = Float(bytes[at])
      case 0x09: values[i] = Float(Int8(bitPattern: bytes[at]))
      case 0x0B: values[i] = Float(Int16(bitPattern: UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])))
      case 0x0C: values[i] = Float(Int32(bitPattern: uint32(at)))
      case 0x0D: values[i] = Float(bitPattern: uint32(at))
      default:
        let bits = (UInt64(uint32(at)) << 32) | UInt64(uint32(at + 4))
        values[i] = Float(Double(bitPattern: bits))
      }
    }
    return Array(shape: shape, values: values)
  }

  /// An MNIST-style pair of files: images `[N, rows, cols]` and labels `[N]`.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` when a file is malformed or the counts differ.
  public static func readLabelledImages(images: URL, labels: URL) throws -> LabelledImages {
    let x = try read(images)
    let y = try read(labels)
    guard x.shape.count >= 2 else {
      throw EBMError.invalidFile(path: images.path, reason: "has shape \(x.shape); images need at least 2 dimensions [N, …]")
    }
    guard y.shape.count == 1 else {
      throw EBMError.invalidFile(path: labels.path, reason: "has shape \(y.shape); labels must be 1-dimensional [N]")
    }
    guard x.shape[0] == y.shape[0] else {
      throw EBMError.invalidFile(
        path: labels.path, reason: "has \(y.shape[0]) labels, but \(images.lastPathComponent) has \(x.shape[0]) images")
    }
    return LabelledImages(imageShape: Swift.Array(x.shape.dropFirst()), pixels: x.values, labels: y.values.map { Int($0) })
  }
}
