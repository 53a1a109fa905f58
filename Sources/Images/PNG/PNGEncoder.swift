import Foundation

/// A minimal PNG encoder: 8-bit samples (gray, gray+alpha, RGB or RGBA), no filtering, zlib
/// "stored" (uncompressed) deflate blocks, with CRC-32 and Adler-32 checksums (ISO/IEC 15948,
/// RFC 1950/1951). Lossless and simple; files are about as large as the raw pixels.
public enum PNGEncoder {
  /// The PNG bytes of 8-bit RGB pixels, row-major.
  ///
  /// - Precondition: `rgb.count == width × height × 3`, width and height positive.
  public static func encode(rgb: [UInt8], width: Int, height: Int) -> Data {
    encode(Image(width: width, height: height, channels: 3, pixels: rgb))
  }

  /// The PNG bytes of an 8-bit image (1–4 channels).
  ///
  /// - Precondition: `image.bitDepth == 8`, width and height positive.
  public static func encode(_ image: Image) -> Data {
    precondition(image.bitDepth == 8, "PNGEncoder writes 8-bit images only")
    precondition(image.width > 0 && image.height > 0, "PNGEncoder needs a non-empty image")
    let rowBytes = image.width * image.channels
    var raw = [UInt8]()
    raw.reserveCapacity((rowBytes + 1) * image.height)
    for y in 0..<image.height {
      raw.append(0)  // filter type: none
      raw.append(contentsOf: image.pixels[(y * rowBytes)..<((y + 1) * rowBytes)])
    }
    let colorType: UInt8 = [0, 4, 2, 6][image.channels - 1]
    var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    var header = [UInt8]()
    header += bigEndian(UInt32(image.width))
    header += bigEndian(UInt32(image.height))
    header += [8, colorType, 0, 0, 0]  // bit depth 8, deflate, no filter, no interlace
    png.append(chunk("IHDR", header))
    png.append(chunk("IDAT", zlibStored(raw)))
    png.append(chunk("IEND", []))
    return png
  }

  /// A zlib stream of stored deflate blocks (at most 65535 bytes each) holding `data`.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let length = min(65535, data.count - offset)
      let final: UInt8 = offset + length >= data.count ? 1 : 0
      out.append(final)
      out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      out += data[offset..<(offset + length)]
      offset += length
    } while offset < data.count
    out += bigEndian(Checksum.adler32(data))
    return out
  }

  static func chunk(_ type: String, _ body: [UInt8]) -> Data {
    let typeBytes = Array(type.utf8)
    var data = Data(bigEndian(UInt32(body.count)))
    data.append(contentsOf: typeBytes)
    data.append(contentsOf: body)
    data.append(contentsOf: bigEndian(Checksum.crc32(typeBytes + body)))
    return data
  }

  static func bigEndian(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
  }
}
