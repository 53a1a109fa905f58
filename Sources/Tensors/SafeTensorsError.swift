/// A safetensors file or buffer that cannot be read, or tensors that cannot be written.
///
/// Thrown by ``SafeTensors``. Each case names what is wrong (the tensor, the field, the
/// numbers involved) and the description ends with a hint, on one line.
public enum SafeTensorsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Fewer than the 8 bytes of the header-length prefix.
  case truncatedHeaderLength(byteCount: Int)
  /// A header length above ``SafeTensors/maximumHeaderLength``.
  case headerTooLarge(length: UInt64, limit: Int)
  /// A header length larger than the bytes that follow the prefix.
  case headerBeyondFile(length: UInt64, available: Int)
  /// A header that is not UTF-8 JSON text holding one object.
  case invalidHeader(reason: String)
  /// A key that occurs twice in one JSON object of the header.
  case duplicateName(String)
  /// A tensor entry with a missing or malformed field.
  case invalidEntry(tensor: String, reason: String)
  /// A dtype this reader does not convert (see ``SafeTensors/supportedDTypes``).
  case unsupportedDType(tensor: String, dtype: String)
  /// `data_offsets` that reach past the end of the data section.
  case offsetsOutOfRange(tensor: String, begin: Int, end: Int, dataLength: Int)
  /// A byte range whose length differs from product(shape) × dtype size.
  case sizeMismatch(
    tensor: String, shape: [Int], dtype: String, expectedBytes: Int, actualBytes: Int)
  /// Tensors that overlap or leave a gap (the spec requires a contiguous data section).
  case notContiguous(tensor: String, begin: Int, expected: Int)
  /// Bytes at the end of the data section that belong to no tensor.
  case trailingBytes(used: Int, dataLength: Int)
  /// A `__metadata__` entry that is not an object of strings.
  case invalidMetadata(reason: String)
  /// A tensor named `__metadata__`, which the format reserves.
  case reservedName(String)
  /// A file-system failure while reading or writing.
  case fileSystem(path: String, reason: String)
  /// An error in the contents of the named file.
  indirect case inFile(path: String, error: SafeTensorsError)

  /// A one-line message naming the problem and ending with a `help:` hint.
  public var description: String {
    switch self {
    case .truncatedHeaderLength(let count):
      return "safetensors: \(count) bytes is too short for the 8-byte header length. "
        + "help: the file is empty or truncated"
    case .headerTooLarge(let length, let limit):
      return "safetensors: header length \(length) exceeds the limit of \(limit) bytes. "
        + "help: the file is corrupt or not a safetensors file"
    case .headerBeyondFile(let length, let available):
      return "safetensors: header length \(length) exceeds the \(available) bytes after the "
        + "length prefix. help: the file is truncated or not a safetensors file"
    case .invalidHeader(let reason):
      return "safetensors: invalid header: \(reason). help: the file is corrupt or not a "
        + "safetensors file"
    case .duplicateName(let name):
      return "safetensors: the header names '\(name)' twice. help: each tensor (and metadata "
        + "key) must appear once"
    case .invalidEntry(let tensor, let reason):
      return "safetensors: tensor '\(tensor)': \(reason). help: each entry needs \"dtype\", "
        + "\"shape\" (non-negative integers) and \"data_offsets\" ([begin, end])"
    case .unsupportedDType(let tensor, let dtype):
      return "safetensors: tensor '\(tensor)' has dtype '\(dtype)'. help: supported dtypes "
        + "are \(SafeTensors.supportedDTypes.joined(separator: ", "))"
    case .offsetsOutOfRange(let tensor, let begin, let end, let dataLength):
      return "safetensors: tensor '\(tensor)' has data_offsets [\(begin), \(end)] beyond the "
        + "\(dataLength)-byte data section. help: the file is truncated or corrupt"
    case .sizeMismatch(let tensor, let shape, let dtype, let expected, let actual):
      return "safetensors: tensor '\(tensor)' of shape \(shape) and dtype \(dtype) needs "
        + "\(expected) bytes but data_offsets span \(actual). help: the header and data disagree"
    case .notContiguous(let tensor, let begin, let expected):
      return "safetensors: tensor '\(tensor)' starts at byte \(begin) of the data section, "
        + "expected \(expected) (\(begin < expected ? "overlap" : "gap")). help: tensors must "
        + "tile the data section without gaps or overlaps"
    case .trailingBytes(let used, let dataLength):
      return "safetensors: tensors cover \(used) of the \(dataLength) bytes of the data "
        + "section. help: the file has trailing garbage or a header entry is missing"
    case .invalidMetadata(let reason):
      return "safetensors: invalid __metadata__: \(reason). help: metadata must be an object "
        + "mapping strings to strings"
    case .reservedName(let name):
      return "safetensors: cannot write a tensor named '\(name)'. help: the name is "
        + "reserved for metadata; rename the tensor"
    case .fileSystem(let path, let reason):
      return "safetensors: \(path): \(reason). help: check that the path exists and is "
        + "readable/writable"
    case .inFile(let path, let error):
      return "\(path): \(error)"
    }
  }
}
