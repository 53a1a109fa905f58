import Foundation
import Tasks
import Tensors
import Testing

/// The synthetic detection scenes, the crop geometry and the detector's error model.
@Suite struct DetectionSceneTests {
  /// A smooth colour ramp (stands in for a photograph).
  static func ramp(width: Int, height: Int, tint: Float) -> Photo {
    var rgb = [Float](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      for x in 0..<width {
        let p = (y * width + x) * 3
        rgb[p] = Float(x) / Float(width)
        rgb[p + 1] = Float(y) / Float(height)
        rgb[p + 2] = tint
      }
    }
    return Photo(width: width, height: height, rgb: rgb)
  }

  @Test func photoSamplingAndSamples() {
    let photo = Photo(width: 2, height: 1, channels: 1, samples: [0, 255])
    // Pixel centres at 0.5 and 1.5; halfway between them the mean; clamped outside.
    #expect(photo.sample(x: 1, y: 0.5).0 == 0.5)
    #expect(photo.sample(x: 0.5, y: 0.5).0 == 0 && photo.sample(x: -3, y: 7).0 == 0 && photo.sample(x: 9, y: 0).2 == 1)
    #expect(photo.opacity(x: 1, y: 0.5) == 1 && photo.opacity(x: 2.5, y: 0.5) == 0)
    let rgba = Photo(width: 1, height: 1, channels: 4, samples: [10, 20, 30, 51])
    #expect(rgba.alpha == [0.2] && rgba.rgb == [10.0 / 255, 20.0 / 255, 30.0 / 255])
    #expect(Photo(width: 2, height: 1, channels: 3, samples: [1, 2, 3, 4, 5, 6]).tensor.shape == [3, 1, 2])
  }

  @Test func cropGeometryByHand() {
    // Reference 20 × 10 at (10, 40); context 2 covers 40 × 20 from (0, 35), scaled to 64 × 64.
    let crop = BoxCrop(reference: BoundingBox(x: 10, y: 40, width: 20, height: 10), context: 2, size: 64)
    #expect(crop.scale.x == 1.6 && crop.scale.y == 3.2)
    let inCrop = crop.toCrop(crop.reference)
    #expect(inCrop == BoundingBox(x: 16, y: 16, width: 32, height: 32))
    // The reference's u is (1, 1, log 32, log 32); a box twice as wide at the same centre adds log 2 to u₃.
    let u = crop.encode(BoundingBox(x: 0, y: 40, width: 40, height: 10))
    #expect(abs(u[0] - 1) < 1e-12 && abs(u[1] - 1) < 1e-12)
    #expect(abs(u[2] - log(64.0)) < 1e-12 && abs(u[3] - log(32.0)) < 1e-12)
    let back = crop.decode(u)
    #expect(abs(back.x) < 1e-9 && abs(back.width - 40) < 1e-9 && abs(back.y - 40) < 1e-9)
  }

  @Test func cropPixelsSampleThePicture() {
    let photo = Self.ramp(width: 100, height: 100, tint: 0.25)
    let crop = BoxCrop(reference: BoundingBox(x: 40, y: 20, width: 10, height: 10), context: 2, size: 8)
    let pixels = crop.pixels(of: photo)
    #expect(pixels.count == 3 * 64)
    // Crop pixel (i, j) covers picture x = 35 + 2.5 (j + ½): red channel (x − ½)/100 by the ramp.
    let x = 35 + 2.5 * 3.5
    #expect(abs(pixels[2 * 8 + 3] - Float((x - 0.5) / 100)) < 1e-5)
    #expect(pixels[64 + 8 + 5] > pixels[64 + 5])  // green grows downwards
    #expect(pixels[2 * 64] == 0.25)
  }

  @Test func scenesAreSeededAndBoxesCoverThePastedObjects() {
    let background = Self.ramp(width: 200, height: 150, tint: 0)
    let objects = [Self.ramp(width: 120, height: 90, tint: 1)]
    var a = RandomGenerator(seed: 9)
    var b = RandomGenerator(seed: 9)
    let first = DetectionScene.generate(background: background, objectPhotos: objects, using: &a)
    let second = DetectionScene.generate(background: background, objectPhotos: objects, using: &b)
    #expect(first.image == second.image && first.groundTruth == second.groundTruth)
    #expect(!first.groundTruth.isEmpty && first.groundTruth.count <= 5)
    for box in first.groundTruth {
      #expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= 128 && box.y + box.height <= 128)
      // The object photo is the only source of blue: at least a third of its box is blue.
      var blue = 0
      for y in Int(box.y)..<Int(box.y + box.height) {
        for x in Int(box.x)..<Int(box.x + box.width) where first.image.rgb[(y * 128 + x) * 3 + 2] > 0.5 { blue += 1 }
      }
      #expect(Double(blue) > box.area / 3)
    }
    // Every object is detected once; false positives come on top.
    #expect(first.detections.count >= first.groundTruth.count && first.detections.count <= first.groundTruth.count + 2)
  }

  /// The error model's IoU spread over many boxes: most detections are good, a tail is poor.
  @Test func detectorErrorSpread() {
    var rng = RandomGenerator(seed: 3)
    let truth = (0..<2000).map { i in BoundingBox(x: Double(i % 50), y: 10, width: 30, height: 20) }
    let detections = DetectorErrorModel().detections(for: truth, imageSize: 128, using: &rng)
    let ious = zip(detections, truth).map { $0.box.iou(with: $1) }.sorted()
    let median = ious[ious.count / 2]
    let below50 = Double(ious.filter { $0 < 0.5 }.count) / Double(ious.count)
    #expect(median > 0.7 && median < 0.9)
    #expect(below50 > 0.03 && below50 < 0.2)
  }
}
