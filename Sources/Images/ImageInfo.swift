import Foundation

/// What an image file holds, read from its headers without decoding the pixels.
///
/// `encoding` describes how the pixels are stored, e.g. `"baseline 4:2:0"`, `"progressive
/// 4:4:4"` for JPEG, `"RGBA 8-bit interlaced"` for PNG.
public struct ImageInfo: Sendable, Equatable, CustomStringConvertible {
  /// The container format.
  public var format: ImageFormat
  /// Width in pixels.
  public var width: Int
  /// Height in pixels.
  public var height: Int
  /// Channels of the decoded image (palettes count as their expansion: 3 or 4).
  public var channels: Int
  /// Bits per decoded sample: 8 or 16.
  public var bitDepth: Int
  /// How the pixels are stored, in words.
  public var encoding: String

  /// Reads the headers of PNG or JPEG bytes.
  ///
  /// - Throws: ``ImageError`` if the headers are damaged or the format is unknown or refused.
  public init(bytes: UnsafeRawBufferPointer) throws {
    switch ImageFormat.detect(bytes) {
    case .png: self = try PNGDecoder.info(bytes)
    case .jpeg: self = try JPEGDecoder.info(bytes)
    case nil: throw ImageError.unknownFormat
    }
  }

  /// Reads the headers of a PNG or JPEG file.
  ///
  /// - Throws: ``ImageError/inFile(path:error:)`` naming the file and what is wrong with it.
  public init(contentsOf url: URL) throws {
    let data = try Image.read(url)
    do {
      self = try data.withUnsafeBytes { try ImageInfo(bytes: $0) }
    } catch let error as ImageError {
      throw ImageError.inFile(path: url.path, error: error)
    }
  }

  init(format: ImageFormat, width: Int, height: Int, channels: Int, bitDepth: Int, encoding: String) {
    self.format = format
    self.width = width
    self.height = height
    self.channels = channels
    self.bitDepth = bitDepth
    self.encoding = encoding
  }

  /// One line: `PNG 131x97, 4 channels, RGBA 8-bit`.
  public var description: String {
    "\(format.name) \(width)x\(height), \(channels) channel\(channels == 1 ? "" : "s"), \(encoding)"
  }
}
