import Foundation
import Testing
@testable import Images

/// PNG features the shared corpus lacks (Adam7, sub-byte palettes with tRNS, 16-bit RGB, every
/// filter type), checked on files built here from known pixels.
@Suite struct PNGFeatureTests {
  /// A PNG with the given header fields whose IDAT holds `raw` (filtered scanlines).
  static func png(width: Int, height: Int, depth: UInt8, colorType: UInt8, interlaced: Bool = false,
                  raw: [UInt8], extra: [(String, [UInt8])] = []) -> [UInt8] {
    var data = Data(PNGDecoder.signature)
    var header = PNGEncoder.bigEndian(UInt32(width)) + PNGEncoder.bigEndian(UInt32(height))
    header += [depth, colorType, 0, 0, interlaced ? 1 : 0]
    data.append(PNGEncoder.chunk("IHDR", header))
    for (type, body) in extra { data.append(PNGEncoder.chunk(type, body)) }
    data.append(PNGEncoder.chunk("IDAT", PNGEncoder.zlibStored(raw)))
    data.append(PNGEncoder.chunk("IEND", []))
    return [UInt8](data)
  }

  /// Applies PNG filter `type` to `row` given the previous unfiltered row (forward direction,
  /// straight from the specification's definitions).
  static func filter(_ type: UInt8, _ row: [UInt8], previous: [UInt8]?, bpp: Int) -> [UInt8] {
    let up = previous ?? [UInt8](repeating: 0, count: row.count)
    var out: [UInt8] = [type]
    for i in 0..<row.count {
      let a = i >= bpp ? Int(row[i - bpp]) : 0
      let b = Int(up[i])
      let c = i >= bpp ? Int(up[i - bpp]) : 0
      let predictor: Int
      switch type {
      case 0: predictor = 0
      case 1: predictor = a
      case 2: predictor = b
      case 3: predictor = (a + b) / 2
      default:
        let p = a + b - c
        let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
      }
      out.append(UInt8((Int(row[i]) - predictor) & 0xFF))
    }
    return out
  }

  @Test func adam7WithEveryFilterDecodesToTheOriginal() throws {
    let (width, height) = (9, 7)
    let pixels: [UInt8] = (0..<(width * height * 3)).map { (i: Int) -> UInt8 in UInt8(truncatingIfNeeded: i * 53 + i / 7) }
    // Adam7 pass origins and steps (PNG specification §8.2).
    let passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    var raw = [UInt8]()
    var filterType: UInt8 = 0
    for (x0, y0, dx, dy) in passes {
      var previous: [UInt8]? = nil
      for y in stride(from: y0, to: height, by: dy) {
        var row = [UInt8]()
        for x in stride(from: x0, to: width, by: dx) {
          let first: Int = (y * width + x) * 3
          row.append(contentsOf: pixels[first..<(first + 3)])
        }
        guard !row.isEmpty else { continue }
        raw += Self.filter(filterType, row, previous: previous, bpp: 3)
        filterType = (filterType + 1) % 5
        previous = row
      }
    }
    let bytes = Self.png(width: width, height: height, depth: 8, colorType: 2, interlaced: true, raw: raw)
    let image = try Image(decoding: bytes)
    #expect(image == Image(width: width, height: height, channels: 3, pixels: pixels))
    #expect(try ImageInfo(bytes: bytes.withUnsafeBytes { UnsafeRawBufferPointer($0) }).encoding == "RGB 8-bit interlaced")
  }

  @Test func twoBitPaletteWithTransparencyExpandsToRGBA() throws {
    // 5x2 indices packed 4 per byte, most significant first; rows padded to whole bytes.
    let indices = [[0, 1, 2, 3, 1], [3, 2, 1, 0, 2]]
    var raw = [UInt8]()
    for row in indices {
      let packed: Int = row[0] << 6 | row[1] << 4 | row[2] << 2 | row[3]
      raw += [0, UInt8(packed), UInt8(row[4] << 6)]
    }
    let palette: [UInt8] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]
    let alpha: [UInt8] = [0, 128, 255]  // entry 3 has no tRNS value: opaque
    let bytes = Self.png(width: 5, height: 2, depth: 2, colorType: 3, raw: raw, extra: [("PLTE", palette), ("tRNS", alpha)])
    let image = try Image(decoding: bytes)
    var expected = [UInt8]()
    for i in indices.flatMap({ $0 }) {
      expected += [palette[3 * i], palette[3 * i + 1], palette[3 * i + 2]]
      expected.append(i < 3 ? alpha[i] : 255)
    }
    #expect(image == Image(width: 5, height: 2, channels: 4, pixels: expected))
  }

  @Test func fourBitGrayScalesAndSixteenBitRGBKeepsItsSamples() throws {
    // 3x1 gray at 4 bits: 0, 5, 15 → 0, 85, 255.
    let gray = Self.png(width: 3, height: 1, depth: 4, colorType: 0, raw: [0, 0x05, 0xF0])
    #expect(try Image(decoding: gray).pixels == [0, 85, 255])
    // 1x2 RGB at 16 bits, big-endian in the file, little-endian in the image.
    let deep = Self.png(width: 1, height: 2, depth: 16, colorType: 2,
                        raw: [0, 0x12, 0x34, 0, 1, 0xFF, 0xFF, 2, 0, 0, 0, 0, 0, 0])
    let image = try Image(decoding: deep)
    #expect(image.bitDepth == 16 && image.channels == 3)
    #expect(image.sample(x: 0, y: 0, channel: 0) == 0x1234 && image.sample(x: 0, y: 0, channel: 2) == 0xFFFF)
    // Row 2 uses the Up filter: adds row 1.
    #expect(image.sample(x: 0, y: 1, channel: 0) == 0x1234 && image.sample(x: 0, y: 1, channel: 1) == 1)
  }

  @Test func badFilterTypeAndBadCRCAreNamed() throws {
    let bad = Self.png(width: 2, height: 1, depth: 8, colorType: 0, raw: [7, 1, 2])
    #expect(throws: ImageError.corrupt(format: .png, reason: "scanline 0 has filter type 7 (0...4)")) {
      try Image(decoding: bad)
    }
    var crc = Self.png(width: 2, height: 1, depth: 8, colorType: 0, raw: [0, 1, 2])
    crc[29] ^= 1  // last CRC byte of IHDR (8 signature + 8 + 13 data bytes)
    #expect(throws: ImageError.corrupt(format: .png, reason: "CRC mismatch in chunk IHDR at byte 8")) {
      try Image(decoding: crc)
    }
  }
}
