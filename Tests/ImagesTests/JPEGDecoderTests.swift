import Foundation
import Testing
import Tensors
@testable import Images

@Suite struct JPEGDecoderTests {
  static let corpus = [
    "baseline-420-q90.jpg", "baseline-422-q75.jpg", "baseline-444-q95.jpg", "baseline-gray-q85.jpg",
    "baseline-420-restart.jpg", "baseline-optimized-huffman.jpg", "progressive-420-q85.jpg",
    "baseline-q10.jpg", "baseline-1x1.jpg",
  ]

  /// Mean and maximum absolute difference between our decode and Pillow's.
  static func difference(_ image: Image, _ reference: (shape: [Int], samples: [Int])) -> (mean: Double, max: Int) {
    let ours = CodecCorpus.samples(image)
    var total = 0
    var largest = 0
    for (a, b) in zip(ours, reference.samples) {
      total += abs(a - b)
      largest = max(largest, abs(a - b))
    }
    return (Double(total) / Double(max(1, ours.count)), largest)
  }

  /// The corpus README's tolerance: mean absolute difference ≤ 0.5, maximum ≤ 2 per channel.
  @Test(arguments: corpus) func decodesLikePillow(name: String) throws {
    let image = try Image(contentsOf: CodecCorpus.url(name))
    let reference = try CodecCorpus.reference(name)
    #expect([image.height, image.width, image.channels] == reference.shape)
    let (mean, largest) = Self.difference(image, reference)
    #expect(mean <= 0.5 && largest <= 2, "\(name): mean \(mean), max \(largest)")
  }

  @Test(arguments: ["rocket.jpg", "china.jpg", "flower.jpg"]) func decodesPhotosLikePillow(name: String) throws {
    let image = try Image(contentsOf: CodecCorpus.photos.appendingPathComponent(name))
    let reference = try CodecCorpus.reference(name + "")
    #expect([image.height, image.width, image.channels] == reference.shape)
    let (mean, largest) = Self.difference(image, reference)
    #expect(mean <= 0.5 && largest <= 2, "\(name): mean \(mean), max \(largest)")
  }

  @Test func infoNamesTheEncoding() throws {
    let cases = [
      ("baseline-420-q90.jpg", "baseline 4:2:0", 3), ("baseline-422-q75.jpg", "baseline 4:2:2", 3),
      ("baseline-444-q95.jpg", "baseline 4:4:4", 3), ("baseline-gray-q85.jpg", "baseline gray", 1),
      ("progressive-420-q85.jpg", "progressive 4:2:0", 3),
    ]
    for (name, encoding, channels) in cases {
      let info = try ImageInfo(contentsOf: CodecCorpus.url(name))
      #expect(info.format == .jpeg && info.width == 131 && info.height == 97)
      #expect(info.encoding == encoding && info.channels == channels, "\(name): \(info)")
    }
  }

  /// Changes the frame marker of a corpus file and expects the refusal to name the feature.
  @Test func refusesArithmeticTwelveBitAndLossless() throws {
    let original = try CodecCorpus.bytes("baseline-444-q95.jpg")
    let sof = try require((0..<(original.count - 1)).first { original[$0] == 0xFF && original[$0 + 1] == 0xC0 })
    for (marker, words) in [(0xC9, "arithmetic"), (0xC3, "lossless"), (0xC5, "hierarchical")] {
      var bytes = original
      bytes[sof + 1] = UInt8(marker)
      #expect(throws: ImageError.unsupported(format: .jpeg, feature: "\(words == "arithmetic" ? "arithmetic-coded JPEG is not supported" : words == "lossless" ? "lossless JPEG (SOF3) is not supported" : "hierarchical JPEG (SOF5) is not supported")")) {
        try Image(decoding: bytes)
      }
    }
    var twelveBit = original
    twelveBit[sof + 4] = 12
    #expect(throws: ImageError.unsupported(format: .jpeg, feature: "12-bit JPEG is not supported (8-bit only)")) {
      try Image(decoding: twelveBit)
    }
  }

  /// The islow IDCT of a block holding only a DC coefficient is flat: (DC·q / 8) + 128, rounded.
  @Test func inverseDCTOfADCOnlyBlockIsFlat() {
    var block = [Int16](repeating: 0, count: 64)
    block[0] = 40
    let quant = [Int32](repeating: 2, count: 64)
    var out = [UInt8](repeating: 0, count: 64)
    block.withUnsafeBufferPointer { b in
      quant.withUnsafeBufferPointer { q in
        out.withUnsafeMutableBufferPointer { o in
          JPEGInverseDCT.transform(b.baseAddress!, count: 1, quant: q.baseAddress!, output: o.baseAddress!, stride: 8)
        }
      }
    }
    #expect(out == [UInt8](repeating: 138, count: 64))
  }
}

@Suite struct JPEGInverseDCTTests {
  /// The SIMD transform equals libjpeg's scalar islow IDCT bit for bit on blocks an encoder
  /// produces: the forward DCT of random 8-bit samples (smooth, noisy or extreme), quantised.
  @Test func simdTransformMatchesTheScalarReference() {
    var rng = RandomGenerator(seed: 7)
    let workspace = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
    defer { workspace.deallocate() }
    for trial in 0..<1000 {
      var samples = [Double](repeating: 0, count: 64)
      for i in 0..<64 {
        let (x, y) = (i % 8, i / 8)
        let value: Double
        switch trial % 3 {
        case 0: value = Double(rng.next() % 256)
        case 1: value = 128 + 100 * sin(Double(x + 2 * y + trial) / 3) + Double(rng.next() % 9)
        default: value = (x + y + trial) % 2 == 0 ? 0 : 255
        }
        samples[i] = min(255, max(0, value)) - 128
      }
      let quant = (0..<64).map { _ in Int32(1 + rng.next() % (trial % 2 == 0 ? 4 : 60)) }
      var block = [Int16](repeating: 0, count: 64)
      for v in 0..<8 {
        for u in 0..<8 {
          var sum = 0.0
          for y in 0..<8 {
            for x in 0..<8 {
              sum += samples[8 * y + x] * cos(Double(2 * x + 1) * Double(u) * .pi / 16)
                * cos(Double(2 * y + 1) * Double(v) * .pi / 16)
            }
          }
          let scale = (u == 0 ? 1 / 2.0.squareRoot() : 1) * (v == 0 ? 1 / 2.0.squareRoot() : 1) / 4
          block[8 * v + u] = Int16((sum * scale / Double(quant[8 * v + u])).rounded())
        }
      }
      var ours = [UInt8](repeating: 0, count: 64)
      var portable = [UInt8](repeating: 0, count: 64)
      var reference = [UInt8](repeating: 0, count: 64)
      block.withUnsafeBufferPointer { b in
        quant.withUnsafeBufferPointer { q in
          ours.withUnsafeMutableBufferPointer { o in
            JPEGInverseDCT.transform(b.baseAddress!, count: 1, quant: q.baseAddress!, output: o.baseAddress!, stride: 8)
          }
          portable.withUnsafeMutableBufferPointer { o in
            JPEGInverseDCT.portableTransform(
              b.baseAddress!, count: 1, quant: q.baseAddress!, output: o.baseAddress!, stride: 8)
          }
          reference.withUnsafeMutableBufferPointer { o in
            ScalarIslowIDCT.transform(b.baseAddress!, quant: q.baseAddress!, output: o.baseAddress!, stride: 8, workspace: workspace)
          }
        }
      }
      #expect(ours == reference, "block \(trial)")
      #expect(portable == reference, "block \(trial), portable path")
      if ours != reference || portable != reference { break }
    }
  }

  /// A row of blocks lands side by side: block b's samples at columns 8b ..< 8b + 8 of a wider
  /// output, and the SIMD path equals the portable one even on hostile coefficients (full Int16
  /// range, quantisers up to 65535, where the 32-bit products wrap as in libjpeg-turbo's SIMD).
  @Test func rowsOfBlocksMatchThePortablePathOnAnyCoefficients() {
    var rng = RandomGenerator(seed: 8)
    let count = 5
    let stride = 8 * count + 3
    for trial in 0..<200 {
      let block = (0..<(64 * count)).map { _ in
        trial % 2 == 0 ? Int16(truncatingIfNeeded: rng.next()) : Int16(Int(rng.next() % 41) - 20)
      }
      let quant = (0..<64).map { _ in Int32(trial % 2 == 0 ? rng.next() % 65536 : 1 + rng.next() % 99) }
      var ours = [UInt8](repeating: 7, count: 8 * stride)
      var portable = ours
      var single = [UInt8](repeating: 0, count: 64)
      block.withUnsafeBufferPointer { b in
        quant.withUnsafeBufferPointer { q in
          ours.withUnsafeMutableBufferPointer { o in
            JPEGInverseDCT.transform(b.baseAddress!, count: count, quant: q.baseAddress!, output: o.baseAddress!, stride: stride)
          }
          portable.withUnsafeMutableBufferPointer { o in
            JPEGInverseDCT.portableTransform(
              b.baseAddress!, count: count, quant: q.baseAddress!, output: o.baseAddress!, stride: stride)
          }
          single.withUnsafeMutableBufferPointer { o in
            JPEGInverseDCT.transform(b.baseAddress! + 64 * 3, count: 1, quant: q.baseAddress!, output: o.baseAddress!, stride: 8)
          }
        }
      }
      #expect(ours == portable, "trial \(trial)")
      #expect((0..<8).allSatisfy { r in Array(ours[(r * stride + 24)..<(r * stride + 32)]) == Array(single[(8 * r)..<(8 * r + 8)]) })
      #expect((0..<8).allSatisfy { r in ours[(r * stride + 40)..<(r * stride + 43)].allSatisfy { $0 == 7 } }, "padding untouched")
      if ours != portable { break }
    }
  }
}

@Suite struct JPEGColorConverterTests {
  /// Every (Cb, Cr) pair at several lumas: the SIMD path equals the portable one, and both equal
  /// jdcolor.c's equations written out here (16-bit fixed point, round half up, clamp).
  @Test func matchesLibjpegFixedPointOnEveryChromaPair() {
    func fix(_ x: Double) -> Int { Int(x * 65536 + 0.5) }
    func clamp(_ v: Int) -> UInt8 { UInt8(max(0, min(255, v))) }
    let count = 256 * 256
    for luma in [0, 1, 77, 128, 200, 254, 255] {
      let y = [UInt8](repeating: UInt8(luma), count: count)
      let cb = (0..<count).map { UInt8($0 & 255) }
      let cr = (0..<count).map { UInt8($0 >> 8) }
      var ours = [UInt8](repeating: 0, count: 3 * count)
      var portable = ours
      // An odd count leaves a tail for the scalar loop after the 16-pixel blocks.
      let converted = count - 5
      JPEGColorConverter.convert(y: y, cb: cb, cr: cr, count: converted, into: &ours)
      JPEGColorConverter.portableConvert(y: y, cb: cb, cr: cr, count: converted, into: &portable)
      #expect(ours == portable)
      var mismatches = 0
      for i in 0..<converted {
        let (b, r) = (Int(cb[i]) - 128, Int(cr[i]) - 128)
        let red = clamp(luma + ((fix(1.40200) * r + 32768) >> 16))
        let green = clamp(luma + ((-fix(0.34414) * b + 32768 - fix(0.71414) * r) >> 16))
        let blue = clamp(luma + ((fix(1.77200) * b + 32768) >> 16))
        if ours[3 * i] != red || ours[3 * i + 1] != green || ours[3 * i + 2] != blue { mismatches += 1 }
      }
      #expect(mismatches == 0, "luma \(luma)")
      #expect(ours[(3 * converted)...].allSatisfy { $0 == 0 }, "nothing written past count")
    }
  }
}
