import Testing
import Tensors
@testable import Images

@Suite struct ImageConversionTests {
  /// Equal within 1e-6 (Float32 rounding of v/255).
  static func close(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 }
  }

  @Test func tensorIsCHWScaledToTheRange() {
    // 2x1 RGB: (255, 0, 51) and (0, 102, 255).
    let image = Image(width: 2, height: 1, channels: 3, pixels: [255, 0, 51, 0, 102, 255])
    let x = image.tensor()
    #expect(x.shape == [3, 1, 2])
    #expect(Self.close(x.scalars, [1, 0, 0, 0.4, 0.2, 1]))
    let centred = image.tensor(range: -1...1)
    #expect(Self.close(centred.scalars, [1, -1, -1, -0.2, -0.6, 1]))
  }

  @Test func sixteenBitSamplesScaleByTheirMaximum() {
    // One gray 16-bit pixel of 65535 and one of 0 (little-endian bytes).
    let image = Image(width: 2, height: 1, channels: 1, bitDepth: 16, pixels: [0xFF, 0xFF, 0, 0])
    #expect(image.tensor().scalars == [1, 0])
  }

  @Test func tensorRoundTripsAndClamps() throws {
    let image = Image(width: 3, height: 2, channels: 2, pixels: (0..<12).map { UInt8($0 * 20) })
    #expect(try Image(tensor: image.tensor(range: -1...1), range: -1...1) == image)
    let clamped = try Image(tensor: Tensor(shape: [1, 1, 3], scalars: [-0.5, 0.5, 7]))
    #expect(clamped.pixels == [0, 128, 255])
    #expect(throws: ImageError.invalidTensor(shape: [5, 2, 2], reason: "5 channels (1...4 allowed)")) {
      try Image(tensor: Tensor(repeating: 0, shape: [5, 2, 2]))
    }
  }

  @Test func bilinearUpsamplingMatchesHandComputation() {
    // 2x1 gray [0, 100] to 4x1: source x = (i + 0.5)/2 − 0.5 = −0.25→0, 0.25, 0.75, 1.25→1.
    let image = Image(width: 2, height: 1, channels: 1, pixels: [0, 100])
    #expect(image.resized(width: 4, height: 1, method: .bilinear).pixels == [0, 25, 75, 100])
    #expect(image.resized(width: 4, height: 1, method: .nearest).pixels == [0, 0, 100, 100])
    // Shrinking 4x1 [0, 40, 80, 120] to 2x1 bilinear: source x = 0.5 and 2.5.
    let wide = Image(width: 4, height: 1, channels: 1, pixels: [0, 40, 80, 120])
    #expect(wide.resized(width: 2, height: 1).pixels == [20, 100])
    #expect(wide.resized(width: 4, height: 1) == wide)
  }
}
