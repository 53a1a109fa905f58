import Foundation

/// Why an image file could not be read: every problem with the bytes of a PNG or JPEG file is
/// one of these, never a crash.
///
/// Decoders throw the cases without a path; ``Image/init(contentsOf:limits:)`` wraps them in
/// ``inFile(path:error:)`` so that the message names the file:
///
/// ```
/// photo.jpg: corrupt JPEG: Huffman code not in table DC 0 (at byte 1234)
/// ```
public enum ImageError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The bytes are neither PNG nor JPEG.
  case unknownFormat
  /// The file is damaged or not valid for its format: what is wrong, in words.
  case corrupt(format: ImageFormat, reason: String)
  /// A valid file using a feature this decoder refuses (e.g. arithmetic-coded JPEG).
  case unsupported(format: ImageFormat, feature: String)
  /// The declared size exceeds the pixel limit (see ``DecodingLimits``).
  case tooLarge(width: Int, height: Int, limit: Int)
  /// Decoding would allocate more than ``DecodingLimits/maximumBytes`` for `what`.
  case tooMuchMemory(what: String, bytes: Int, limit: Int)
  /// A tensor that cannot be turned into an image: what is wrong with its shape.
  case invalidTensor(shape: [Int], reason: String)
  /// A file that cannot be read or written.
  case fileSystem(path: String, reason: String)
  /// A decoding error in the named file.
  indirect case inFile(path: String, error: ImageError)

  public var description: String {
    switch self {
    case .unknownFormat:
      return "not a PNG or JPEG file (unknown signature); help: decode PNG or JPEG files only"
    case .corrupt(let format, let reason):
      return "corrupt \(format.name): \(reason)"
    case .unsupported(let format, let feature):
      return "unsupported \(format.name): \(feature)"
    case .tooLarge(let width, let height, let limit):
      return "declared size \(width)x\(height) exceeds the limit of \(limit) pixels; "
        + "help: raise DecodingLimits.maximumPixels if the file is trusted"
    case .tooMuchMemory(let what, let bytes, let limit):
      return "\(what) would need \(bytes) bytes, more than the limit of \(limit); "
        + "help: raise DecodingLimits.maximumBytes if the file is trusted"
    case .invalidTensor(let shape, let reason):
      return "tensor of shape \(shape) is not an image: \(reason)"
    case .fileSystem(let path, let reason):
      return "\(path): \(reason)"
    case .inFile(let path, let error):
      return "\(path): \(error)"
    }
  }
}
