import Foundation
import Tensors

/// A decoded raster image: interleaved samples, row-major, `channels` per pixel.
///
/// Channels are 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA); palette PNGs are expanded to
/// RGB, or RGBA when the palette carries transparency. Samples are 8-bit, except for 16-bit PNGs,
/// whose samples stay 16-bit: two bytes each, little-endian (the layout of a `U16` tensor).
///
/// ```swift
/// let image = try Image(contentsOf: URL(fileURLWithPath: "photo.jpg"))
/// let x = image.tensor()        // [3, H, W] Float32 in [0, 1]
/// ```
public struct Image: Sendable, Equatable {
  /// Width in pixels.
  public var width: Int
  /// Height in pixels.
  public var height: Int
  /// Samples per pixel: 1, 2, 3 or 4.
  public var channels: Int
  /// Bits per sample: 8 or 16.
  public var bitDepth: Int
  /// The samples, row-major, interleaved: `height × width × channels × bitDepth / 8` bytes.
  public var pixels: [UInt8]

  /// An image from its samples.
  ///
  /// - Precondition: `channels` in 1...4, `bitDepth` 8 or 16, and `pixels.count` equals
  ///   `width × height × channels × bitDepth / 8`.
  public init(width: Int, height: Int, channels: Int, bitDepth: Int = 8, pixels: [UInt8]) {
    precondition((1...4).contains(channels), "Image channels must be 1...4, got \(channels)")
    precondition(bitDepth == 8 || bitDepth == 16, "Image bitDepth must be 8 or 16, got \(bitDepth)")
    precondition(
      width >= 0 && height >= 0 && pixels.count == width * height * channels * bitDepth / 8,
      "Image of \(width)x\(height)x\(channels) at \(bitDepth) bits needs "
        + "\(width * height * channels * bitDepth / 8) bytes, got \(pixels.count)")
    self.width = width
    self.height = height
    self.channels = channels
    self.bitDepth = bitDepth
    self.pixels = pixels
  }

  /// Decodes PNG or JPEG bytes (the format is detected from the signature).
  ///
  /// - Throws: ``ImageError`` saying what is wrong with the bytes.
  public init(decoding bytes: [UInt8], limits: DecodingLimits = .init()) throws {
    self = try bytes.withUnsafeBytes { try Image(decoding: $0, limits: limits) }
  }

  /// Decodes PNG or JPEG bytes (the format is detected from the signature).
  ///
  /// - Throws: ``ImageError`` saying what is wrong with the bytes.
  public init(decoding bytes: UnsafeRawBufferPointer, limits: DecodingLimits = .init()) throws {
    switch ImageFormat.detect(bytes) {
    case .png: self = try PNGDecoder.decode(bytes, limits: limits)
    case .jpeg: self = try JPEGDecoder.decode(bytes, limits: limits)
    case nil: throw ImageError.unknownFormat
    }
  }

  /// Reads and decodes a PNG or JPEG file.
  ///
  /// - Throws: ``ImageError/inFile(path:error:)`` naming the file and what is wrong with it.
  public init(contentsOf url: URL, limits: DecodingLimits = .init()) throws {
    let data = try Self.read(url)
    do {
      self = try data.withUnsafeBytes { try Image(decoding: $0, limits: limits) }
    } catch let error as ImageError {
      throw ImageError.inFile(path: url.path, error: error)
    }
  }

  /// The file's bytes, or a ``ImageError/fileSystem(path:reason:)`` error.
  static func read(_ url: URL) throws -> Data {
    // Regular files only (a FIFO would block, /dev/zero fill the memory), up to 4 GiB.
    do {
      return try InputFile.read(url, limit: 4 << 30, mapped: true)
    } catch {
      throw ImageError.fileSystem(path: url.path, reason: error.reason)
    }
  }

  /// The sample of channel `channel` at (`x`, `y`), 8- or 16-bit.
  public func sample(x: Int, y: Int, channel: Int) -> Int {
    let index = (y * width + x) * channels + channel
    if bitDepth == 8 { return Int(pixels[index]) }
    return Int(pixels[2 * index]) | Int(pixels[2 * index + 1]) << 8
  }
}
