/// PNG decoding (ISO/IEC 15948, W3C PNG 2nd edition): every colour type and bit depth, palettes
/// with transparency, Adam7 interlacing, CRC-32 on every chunk and our own inflate.
///
/// Steps: read the chunks (checking each CRC), check the header and the ``DecodingLimits``,
/// check that the compressed data could hold the declared image at all (deflate cannot expand
/// more than 1032:1), inflate into a buffer of exactly the filtered scanlines' size, undo the
/// per-row filters, and expand each pass's samples into the output image.
///
/// Output: gray → 1 channel, gray+alpha → 2, RGB → 3, RGBA → 4, palette → RGB (RGBA if the
/// palette has a `tRNS` chunk). Bit depths 1, 2 and 4 are scaled to 8 bits (v·255/(2ᵈ−1)), so
/// a 1-bit image decodes to 0 and 255; 16-bit samples stay 16-bit.
enum PNGDecoder {
  /// The eight signature bytes.
  static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// The IHDR fields.
  struct Header {
    var width: Int
    var height: Int
    var bitDepth: Int
    var colorType: Int
    var interlaced: Bool

    /// Samples per pixel as stored (a palette index is one sample).
    var storedChannels: Int {
      switch colorType {
      case 0, 3: return 1
      case 2: return 3
      case 4: return 2
      default: return 4
      }
    }

    var colorName: String {
      switch colorType {
      case 0: return "gray"
      case 2: return "RGB"
      case 3: return "palette"
      case 4: return "gray+alpha"
      default: return "RGBA"
      }
    }
  }

  /// The chunks a decode needs, as offsets into the file.
  struct Chunks {
    var header: Header
    var palette: UnsafeRawBufferPointer?
    var transparency: UnsafeRawBufferPointer?
    var data: [UnsafeRawBufferPointer] = []
  }

  static func fail(_ reason: String) -> ImageError { .corrupt(format: .png, reason: reason) }

  static func info(_ bytes: UnsafeRawBufferPointer) throws(ImageError) -> ImageInfo {
    let chunks = try readChunks(bytes)
    let header = chunks.header
    let channels = outputChannels(header, hasTransparency: chunks.transparency != nil)
    var encoding = "\(header.colorName) \(header.bitDepth)-bit"
    if header.interlaced { encoding += " interlaced" }
    return ImageInfo(
      format: .png, width: header.width, height: header.height, channels: channels,
      bitDepth: header.bitDepth == 16 ? 16 : 8, encoding: encoding)
  }

  static func outputChannels(_ header: Header, hasTransparency: Bool) -> Int {
    header.colorType == 3 ? (hasTransparency ? 4 : 3) : header.storedChannels
  }

  /// Walks the chunks up to IEND (or the end of the file), checking lengths, CRCs and order.
  static func readChunks(_ bytes: UnsafeRawBufferPointer) throws(ImageError) -> Chunks {
    guard bytes.count >= 8, bytes.prefix(8).elementsEqual(signature) else {
      throw fail("missing PNG signature")
    }
    var offset = 8
    var header: Header?
    var palette: UnsafeRawBufferPointer?
    var transparency: UnsafeRawBufferPointer?
    var data = [UnsafeRawBufferPointer]()
    var dataEnded = false
    while offset < bytes.count {
      guard offset + 12 <= bytes.count else {
        throw fail("chunk header at byte \(offset) is truncated")
      }
      let length = Int(readUInt32(bytes, offset))
      let typeBytes = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 8)])
      let type = String(decoding: typeBytes, as: UTF8.self)
      guard length <= 0x7FFF_FFFF, length <= bytes.count - offset - 12 else {
        throw fail("chunk \(type) at byte \(offset) declares \(length) bytes, more than the file holds")
      }
      let body = UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + length)])
      let stored = readUInt32(bytes, offset + 8 + length)
      let computed = Checksum.crc32(
        UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 8 + length)]))
      guard stored == computed else {
        throw fail("CRC mismatch in chunk \(type) at byte \(offset)")
      }
      offset += 12 + length
      if header == nil && type != "IHDR" {
        throw fail("first chunk is \(type), expected IHDR")
      }
      if !data.isEmpty && type != "IDAT" { dataEnded = true }
      switch type {
      case "IHDR":
        guard header == nil else { throw fail("second IHDR chunk") }
        header = try parseHeader(body)
      case "PLTE":
        guard data.isEmpty else { throw fail("PLTE chunk after the image data") }
        guard length % 3 == 0, length > 0, length <= 768 else {
          throw fail("PLTE chunk of \(length) bytes (a multiple of 3, at most 768)")
        }
        palette = body
      case "tRNS":
        guard data.isEmpty else { throw fail("tRNS chunk after the image data") }
        transparency = body
      case "IDAT":
        guard !dataEnded else { throw fail("IDAT chunks are not consecutive") }
        data.append(body)
      case "IEND":
        offset = bytes.count
      default:
        // Ancillary chunks (lowercase first letter) may be skipped; critical ones may not.
        if let first = typeBytes.first, first & 0x20 == 0 {
          throw ImageError.unsupported(format: .png, feature: "critical chunk \(type)")
        }
      }
    }
    guard let header else { throw fail("no IHDR chunk") }
    if header.colorType == 3 {
      guard let palette else { throw fail("palette image without a PLTE chunk") }
      guard palette.count / 3 <= 1 << header.bitDepth else {
        throw fail("PLTE has \(palette.count / 3) entries, more than \(header.bitDepth)-bit indices reach")
      }
      if let transparency, transparency.count > palette.count / 3 {
        throw fail("tRNS has \(transparency.count) entries for a palette of \(palette.count / 3)")
      }
    } else {
      // tRNS on gray or RGB is a colour key; the stored channels are kept as they are.
      transparency = nil
    }
    return Chunks(header: header, palette: palette, transparency: transparency, data: data)
  }

  static func readUInt32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
      | UInt32(bytes[offset + 3])
  }

  static func parseHeader(_ body: UnsafeRawBufferPointer) throws(ImageError) -> Header {
    guard body.count == 13 else { throw fail("IHDR chunk has \(body.count) bytes, expected 13") }
    let width = Int(readUInt32(body, 0))
    let height = Int(readUInt32(body, 4))
    let bitDepth = Int(body[8])
    let colorType = Int(body[9])
    guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else {
      throw fail("image size \(width)x\(height) is not allowed (1...2³¹−1 each)")
    }
    let allowed: [Int]
    switch colorType {
    case 0: allowed = [1, 2, 4, 8, 16]
    case 3: allowed = [1, 2, 4, 8]
    case 2, 4, 6: allowed = [8, 16]
    default: throw fail("colour type \(colorType) does not exist (0, 2, 3, 4 or 6)")
    }
    guard allowed.contains(bitDepth) else {
      throw fail("bit depth \(bitDepth) is not allowed for colour type \(colorType) (\(allowed))")
    }
    guard body[10] == 0 else { throw fail("compression method \(body[10]), expected 0") }
    guard body[11] == 0 else { throw fail("filter method \(body[11]), expected 0") }
    guard body[12] <= 1 else { throw fail("interlace method \(body[12]), expected 0 or 1") }
    return Header(
      width: width, height: height, bitDepth: bitDepth, colorType: colorType,
      interlaced: body[12] == 1)
  }

  /// One Adam7 pass (or the whole image): its origin, step and size in pixels.
  struct Pass {
    var x0: Int
    var y0: Int
    var dx: Int
    var dy: Int
    var width: Int
    var height: Int
  }

  static func passes(_ header: Header) -> [Pass] {
    guard header.interlaced else {
      return [Pass(x0: 0, y0: 0, dx: 1, dy: 1, width: header.width, height: header.height)]
    }
    let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    return adam7.map { (x0, y0, dx, dy) in
      Pass(
        x0: x0, y0: y0, dx: dx, dy: dy,
        width: header.width > x0 ? (header.width - x0 + dx - 1) / dx : 0,
        height: header.height > y0 ? (header.height - y0 + dy - 1) / dy : 0)
    }
  }

  static func decode(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) throws -> Image {
    let chunks = try readChunks(bytes)
    let header = chunks.header
    try limits.check(width: header.width, height: header.height, format: .png)
    let bitsPerPixel = header.storedChannels * header.bitDepth
    let passes = passes(header)
    var rawSize = 0
    for pass in passes where pass.width > 0 && pass.height > 0 {
      rawSize += pass.height * (1 + (pass.width * bitsPerPixel + 7) / 8)
    }
    let channels = outputChannels(header, hasTransparency: chunks.transparency != nil)
    let outDepth = header.bitDepth == 16 ? 16 : 8
    let outSize = header.width * header.height * channels * outDepth / 8
    try limits.check(bytes: rawSize + outSize, for: "the \(header.width)x\(header.height) PNG image")
    let compressedSize = chunks.data.reduce(0) { $0 + $1.count }
    guard compressedSize > 0 else { throw fail("no image data (IDAT chunks)") }
    // Deflate expands at most 1032:1 (258-byte matches coded in 2 bits); a zlib stream has
    // 6 bytes of header and checksum.
    guard (compressedSize - 6) * 1032 + 258 >= rawSize else {
      throw fail("image data has \(compressedSize) bytes, too few for \(rawSize) bytes of \(header.width)x\(header.height) scanlines")
    }
    var compressed = [UInt8]()
    if chunks.data.count > 1 {
      compressed.reserveCapacity(compressedSize)
      for part in chunks.data { compressed.append(contentsOf: part) }
    }
    var raw: [UInt8]
    do {
      if chunks.data.count == 1 {
        raw = try Inflate.zlibDecompress(chunks.data[0], outputSize: rawSize)
      } else {
        raw = try compressed.withUnsafeBytes { try Inflate.zlibDecompress($0, outputSize: rawSize) }
      }
    } catch let error as InflateFailure {
      throw fail("image data: \(error.reason)")
    } catch {
      throw fail("image data: \(error)")
    }
    guard raw.count == rawSize else {
      throw fail("image data ends after \(raw.count) of \(rawSize) bytes of scanlines")
    }
    var output = [UInt8](repeating: 0, count: outSize)
    let palette = expandedPalette(chunks)
    try raw.withUnsafeMutableBufferPointer { rawBuffer in
      try output.withUnsafeMutableBufferPointer { out in
        var offset = 0
        for pass in passes where pass.width > 0 && pass.height > 0 {
          let stride = (pass.width * bitsPerPixel + 7) / 8
          let rows = rawBuffer.baseAddress! + offset
          try unfilter(rows, stride: stride, rowCount: pass.height, bytesPerPixel: max(1, bitsPerPixel / 8))
          expand(
            rows, stride: stride, pass: pass, header: header, palette: palette,
            channels: channels, into: out.baseAddress!)
          offset += pass.height * (1 + stride)
        }
      }
    }
    return Image(width: header.width, height: header.height, channels: channels, bitDepth: outDepth, pixels: output)
  }

  /// 256 RGBA entries (missing entries black, alpha 255 unless tRNS says otherwise).
  static func expandedPalette(_ chunks: Chunks) -> [UInt8] {
    guard let palette = chunks.palette, chunks.header.colorType == 3 else { return [] }
    var table = [UInt8](repeating: 0, count: 256 * 4)
    for i in 0..<256 { table[4 * i + 3] = 255 }
    for i in 0..<(palette.count / 3) {
      table[4 * i] = palette[3 * i]
      table[4 * i + 1] = palette[3 * i + 1]
      table[4 * i + 2] = palette[3 * i + 2]
    }
    if let alpha = chunks.transparency {
      for i in 0..<alpha.count { table[4 * i + 3] = alpha[i] }
    }
    return table
  }

  /// Undoes the filters of `rowCount` rows of 1 + `stride` bytes in place; afterwards each
  /// row's bytes 1...stride hold the raw samples.
  static func unfilter(
    _ rows: UnsafeMutablePointer<UInt8>, stride: Int, rowCount: Int, bytesPerPixel bpp: Int
  ) throws(ImageError) {
    var previous: UnsafeMutablePointer<UInt8>? = nil
    for y in 0..<rowCount {
      let filter = rows[y * (stride + 1)]
      let row = rows + y * (stride + 1) + 1
      switch filter {
      case 0:
        break
      case 1:
        var i = bpp
        while i < stride {
          row[i] &+= row[i - bpp]
          i += 1
        }
      case 2:
        if let up = previous {
          for i in 0..<stride { row[i] &+= up[i] }
        }
      case 3:
        if let up = previous {
          for i in 0..<min(bpp, stride) { row[i] &+= up[i] >> 1 }
          var i = bpp
          while i < stride {
            row[i] &+= UInt8((UInt16(row[i - bpp]) + UInt16(up[i])) >> 1)
            i += 1
          }
        } else {
          var i = bpp
          while i < stride {
            row[i] &+= row[i - bpp] >> 1
            i += 1
          }
        }
      case 4:
        if let up = previous {
          for i in 0..<min(bpp, stride) { row[i] &+= up[i] }
          var i = bpp
          while i < stride {
            row[i] &+= paeth(row[i - bpp], up[i], up[i - bpp])
            i += 1
          }
        } else {
          // With no row above, Paeth predicts from the left neighbour: the Sub filter.
          var i = bpp
          while i < stride {
            row[i] &+= row[i - bpp]
            i += 1
          }
        }
      default:
        throw fail("scanline \(y) has filter type \(filter) (0...4)")
      }
      previous = row
    }
  }

  @inline(__always)
  static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
    let p = Int(a) + Int(b) - Int(c)
    let pa = abs(p - Int(a))
    let pb = abs(p - Int(b))
    let pc = abs(p - Int(c))
    if pa <= pb && pa <= pc { return a }
    return pb <= pc ? b : c
  }

  /// Writes one pass's unfiltered rows into the output image.
  static func expand(
    _ rows: UnsafeMutablePointer<UInt8>, stride: Int, pass: Pass, header: Header, palette: [UInt8],
    channels: Int, into out: UnsafeMutablePointer<UInt8>
  ) {
    let depth = header.bitDepth
    let width = header.width
    for py in 0..<pass.height {
      let row = rows + py * (stride + 1) + 1
      let y = pass.y0 + py * pass.dy
      if header.colorType == 3 {
        palette.withUnsafeBufferPointer { table in
          for px in 0..<pass.width {
            let index = Int(subByteSample(row, px, depth))
            let target = out + ((y * width + pass.x0 + px * pass.dx) * channels)
            for c in 0..<channels { target[c] = table[4 * index + c] }
          }
        }
      } else if depth == 8 {
        if pass.dx == 1 {
          (out + y * width * channels).update(from: row, count: width * channels)
        } else {
          for px in 0..<pass.width {
            let target = out + ((y * width + pass.x0 + px * pass.dx) * channels)
            for c in 0..<channels { target[c] = row[px * channels + c] }
          }
        }
      } else if depth == 16 {
        for px in 0..<pass.width {
          let target = out + 2 * ((y * width + pass.x0 + px * pass.dx) * channels)
          for c in 0..<channels {
            // Stored big-endian; the image keeps 16-bit samples little-endian.
            target[2 * c] = row[2 * (px * channels + c) + 1]
            target[2 * c + 1] = row[2 * (px * channels + c)]
          }
        }
      } else {
        let scale: UInt8 = depth == 1 ? 255 : depth == 2 ? 85 : 17
        for px in 0..<pass.width {
          out[y * width + pass.x0 + px * pass.dx] = subByteSample(row, px, depth) &* scale
        }
      }
    }
  }

  /// Sample `index` of a row packed at `depth` bits (1, 2, 4 or 8), most significant bits first.
  @inline(__always)
  static func subByteSample(_ row: UnsafeMutablePointer<UInt8>, _ index: Int, _ depth: Int) -> UInt8 {
    if depth == 8 { return row[index] }
    let bit = index * depth
    let shift = 8 - depth - (bit & 7)
    return (row[bit >> 3] >> UInt8(shift)) & UInt8((1 << depth) - 1)
  }
}
