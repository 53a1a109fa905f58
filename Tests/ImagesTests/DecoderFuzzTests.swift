import Foundation
import Testing
import Tensors
@testable import Images

/// Seeded mutation fuzzing: thousands of damaged variants of the corpus files, generated in the
/// test, must each decode or throw an ``ImageError``, never trap, hang or over-allocate.
@Suite struct DecoderFuzzTests {
  static let seeds = [
    "rgb.png", "palette.png", "gray-16bit.png", "bilevel.png", "gray-alpha.png",
    "baseline-420-q90.jpg", "baseline-420-restart.jpg", "progressive-420-q85.jpg",
    "baseline-gray-q85.jpg", "baseline-422-q75.jpg",
  ]
  /// Tight limits, so that a mutated size field cannot make the test allocate much.
  static let limits = DecodingLimits(maximumPixels: 1 << 20, maximumBytes: 1 << 25)

  /// One random damage: flipped bits, overwritten runs, inserted or deleted bytes, a
  /// truncation, or a header field set to an extreme value.
  static func mutate(_ bytes: [UInt8], using rng: inout RandomGenerator) -> [UInt8] {
    var result = bytes
    let count = Int(rng.next() % 4) + 1
    for _ in 0..<count {
      guard !result.isEmpty else { break }
      let position = Int(rng.next() % UInt64(result.count))
      switch rng.next() % 7 {
      case 0:
        result[position] ^= UInt8(1 << (rng.next() % 8))
      case 1:
        result[position] = [0x00, 0xFF, 0x7F, 0x80][Int(rng.next() % 4)]
      case 2:
        let length = min(result.count - position, Int(rng.next() % 16) + 1)
        for i in 0..<length { result[position + i] = UInt8(truncatingIfNeeded: rng.next()) }
      case 3:
        result.insert(UInt8(truncatingIfNeeded: rng.next()), at: position)
      case 4:
        result.remove(at: position)
      case 5:
        result.removeSubrange(position...)
      default:
        // Header fields live in the first 200 bytes: sizes, counts, table entries.
        let header = Int(rng.next() % UInt64(min(200, result.count)))
        result[header] = [0x00, 0xFF, 0x01, 0x40][Int(rng.next() % 4)]
      }
    }
    return result
  }

  /// Recomputes every PNG chunk's CRC, so that the mutation reaches the decoder past the
  /// checksum (inflate, filters, palette lookups).
  static func fixChunkCRCs(_ bytes: inout [UInt8]) {
    var offset = 8
    while offset + 12 <= bytes.count {
      let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
      guard length <= bytes.count - offset - 12 else { return }
      let crc = Checksum.crc32(Array(bytes[(offset + 4)..<(offset + 8 + length)]))
      for i in 0..<4 { bytes[offset + 8 + length + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
      offset += 12 + length
    }
  }

  @Test func mutatedFilesDecodeOrThrowCleanly() throws {
    var rng = RandomGenerator(seed: 13)
    var decoded = 0
    var rejected = 0
    for name in Self.seeds {
      let original = try CodecCorpus.bytes(name)
      for trial in 0..<300 {
        var bytes = Self.mutate(original, using: &rng)
        if name.hasSuffix(".png") && trial % 2 == 0 { Self.fixChunkCRCs(&bytes) }
        do {
          let image = try Image(decoding: bytes, limits: Self.limits)
          #expect(image.pixels.count == image.width * image.height * image.channels * image.bitDepth / 8)
          decoded += 1
        } catch is ImageError {
          rejected += 1
        }
        _ = try? ImageInfo(bytes: bytes.withUnsafeBytes { UnsafeRawBufferPointer($0) })
      }
    }
    #expect(decoded + rejected == 3000)
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    #expect(decoded > 100 && rejected > 100, "decoded \(decoded), rejected \(rejected)")
  }

  @Test func hugeDeclaredSizesAreRejectedBeforeAllocation() throws {
    // A PNG header claiming 65535 x 65535 RGBA pixels with a few bytes of data.
    var png = try CodecCorpus.bytes("rgba.png")
    for i in 16..<24 { png[i] = [0, 0, 0xFF, 0xFF][i % 4] }
    Self.fixChunkCRCs(&png)
    #expect(throws: ImageError.tooLarge(width: 65535, height: 65535, limit: 1 << 28)) { try Image(decoding: png) }
    let small = DecodingLimits(maximumPixels: 1 << 40, maximumBytes: 1 << 40)
    #expect {
      try Image(decoding: png, limits: small)
    } throws: { error in
      "\(error)".contains("too few for")
    }
    // A baseline JPEG claiming 65535 x 65535 pixels.
    var jpeg = try CodecCorpus.bytes("baseline-420-q90.jpg")
    let sof = try require((0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
    for i in 5..<9 { jpeg[sof + i] = 0xFF }
    #expect {
      try Image(decoding: jpeg, limits: small)
    } throws: { error in
      "\(error)".contains("bytes of data follow")
    }
    #expect(throws: ImageError.tooLarge(width: 65535, height: 65535, limit: 1 << 28)) { try Image(decoding: jpeg) }
    let fewBytes = DecodingLimits(maximumPixels: 1 << 40, maximumBytes: 1 << 20)
    // Coefficients (2 bytes each), sample planes and output: 1.5·65536² coefficients at 4:2:0.
    let planned = 65536 * 65536 * 3 / 2 * 64 / 64 * 3 + 65535 * 65535 * 3
    #expect(throws: ImageError.tooMuchMemory(what: "the 65535x65535 JPEG image", bytes: planned, limit: 1 << 20)) {
      try Image(decoding: jpeg, limits: fewBytes)
    }
  }

  @Test func errorsFromFilesNameTheFile() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("images-tests-truncated-\(getpid()).png")
    let bytes = try CodecCorpus.bytes("rgb.png")
    try Data(bytes.prefix(2000)).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
      try Image(contentsOf: url)
    } throws: { error in
      "\(error)".hasPrefix(url.path + ": corrupt PNG:")
    }
  }
}
