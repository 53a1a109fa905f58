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

  @Test func colourJitterByHand() {
    // b = 1.2, c = 0.5: tone(v) = ½ + ½ (1.2 v − ½); (0.5, 0.25, 0) → (0.55, 0.4, 0.25), luma 0.40375.
    let (r, g, b) = ColourJitter(brightness: 1.2, contrast: 0.5, saturation: 2)(0.5, 0.25, 0)
    let luma: Float = 0.299 * 0.55 + 0.587 * 0.4 + 0.114 * 0.25
    #expect(abs(r - (luma + 2 * (0.55 - luma))) < 1e-6 && abs(g - (luma + 2 * (0.4 - luma))) < 1e-6)
    #expect(abs(b - max(0, luma + 2 * (0.25 - luma))) < 1e-6)
    let grey = ColourJitter(saturation: 0)(0.9, 0.1, 0.3)
    #expect(grey.0 == grey.1 && grey.1 == grey.2)
    #expect(ColourJitter.identity(0.3, 0.6, 0.9) == (0.3, 0.6, 0.9))
    #expect(ColourJitter(brightness: 3)(0.9, 0.1, 0.2).0 == 1)  // clamped
  }

  @Test func augmentedScenesDifferAndKeepTheirBoxes() {
    let background = Self.ramp(width: 200, height: 150, tint: 0)
    let objects = [Self.ramp(width: 120, height: 90, tint: 1)]
    var mirroredSeen = false
    for seed in 0..<8 {
      var a = RandomGenerator(seed: UInt64(seed))
      var b = RandomGenerator(seed: UInt64(seed))
      let plain = DetectionScene.generate(background: background, objectPhotos: objects, using: &a)
      let augmented = DetectionScene.generate(background: background, objectPhotos: objects, augment: true, using: &b)
      #expect(plain.image != augmented.image)
      // The background ramp's red grows to the right unless the crop was mirrored (jitter keeps
      // the order: tone and saturation are monotone in red here); corners under no object only.
      func free(_ scene: DetectionScene, _ x: Double, _ y: Double) -> Bool {
        scene.groundTruth.allSatisfy { x < $0.x - 2 || x > $0.x + $0.width + 2 || y < $0.y - 2 || y > $0.y + $0.height + 2 }
      }
      for y in [0, 127] {
        let left = y * 128 * 3
        let right = left + 127 * 3
        if free(augmented, 0, Double(y)) && free(augmented, 127, Double(y))
          && augmented.image.rgb[left] > augmented.image.rgb[right]
        {
          mirroredSeen = true
        }
        if free(plain, 0, Double(y)) && free(plain, 127, Double(y)) {
          #expect(plain.image.rgb[left] <= plain.image.rgb[right])
        }
      }
      for box in augmented.groundTruth {
        #expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= 128 && box.y + box.height <= 128)
      }
    }
    #expect(mirroredSeen)
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
