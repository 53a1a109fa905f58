import Foundation
import Testing
@testable import Images

@Suite struct PNGDecoderTests {
  static let corpus = [
    "rgb.png", "rgba.png", "gray.png", "gray-alpha.png", "palette.png", "rgb-uncompressed.png",
    "rgb-max-compression.png", "gray-16bit.png", "bilevel.png",
  ]

  @Test(arguments: corpus) func decodesLikePillowExactly(name: String) throws {
    let image = try Image(contentsOf: CodecCorpus.url(name))
    let reference = try CodecCorpus.reference(name)
    #expect([image.height, image.width, image.channels] == reference.shape)
    #expect(CodecCorpus.samples(image) == reference.samples)
  }

  @Test func infoDescribesTheFiles() throws {
    let rgba = try ImageInfo(contentsOf: CodecCorpus.url("rgba.png"))
    #expect(rgba == ImageInfo(format: .png, width: 131, height: 97, channels: 4, bitDepth: 8, encoding: "RGBA 8-bit"))
    let palette = try ImageInfo(contentsOf: CodecCorpus.url("palette.png"))
    #expect(palette.channels == 3 && palette.encoding.hasPrefix("palette"))
    let deep = try ImageInfo(contentsOf: CodecCorpus.url("gray-16bit.png"))
    #expect(deep.bitDepth == 16 && deep.encoding == "gray 16-bit")
  }

  @Test func checksumsMatchKnownValues() {
    // CRC-32 of the IEND chunk type is fixed by the PNG specification.
    #expect(Checksum.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    // CRC-32("123456789") = 0xCBF43926, the standard check value (more than 8 bytes: the sliced path).
    #expect(Checksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    // Adler-32("Wikipedia") = 0x11E60398 (RFC 1950 example).
    #expect(Checksum.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    let stored = PNGEncoder.zlibStored(Array("Wikipedia".utf8))
    #expect(Array(stored.suffix(4)) == [0x11, 0xE6, 0x03, 0x98])
  }

  @Test func encoderOutputDecodesToTheSamePixels() throws {
    for channels in 1...4 {
      let pixels = (0..<(5 * 3 * channels)).map { UInt8(($0 * 37 + channels) & 0xFF) }
      let image = Image(width: 5, height: 3, channels: channels, pixels: pixels)
      let decoded = try Image(decoding: [UInt8](PNGEncoder.encode(image)))
      #expect(decoded == image)
    }
  }
}
