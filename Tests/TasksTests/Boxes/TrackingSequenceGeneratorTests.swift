import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing

/// The generated tracking videos and their GOT-10k files.
@Suite struct TrackingSequenceGeneratorTests {
  @Test func coverBinsAsGOT10k() {
    let bins = [0, 0.1, 0.15, 0.16, 0.5, 0.9, 0.95, 1].map { TrackingSequenceGenerator.coverBin(visibleFraction: $0) }
    #expect(bins == [0, 1, 1, 2, 4, 6, 7, 8])
  }

  @Test func videosAreSeededAndTheTargetMoves() {
    let background = DetectionSceneTests.ramp(width: 300, height: 200, tint: 0)
    let object = DetectionSceneTests.ramp(width: 100, height: 80, tint: 1)
    let generator = TrackingSequenceGenerator(frameSize: 48, frameCount: 12)
    var a = RandomGenerator(seed: 5)
    var b = RandomGenerator(seed: 5)
    let first = generator.generate(background: background, object: object, using: &a)
    let second = generator.generate(background: background, object: object, using: &b)
    #expect(first.frames == second.frames && first.groundTruth == second.groundTruth && first.cover == second.cover)
    #expect(first.frames.count == 12 && first.groundTruth.count == 12 && first.cover.count == 12)
    #expect(first.cover.allSatisfy { (0...8).contains($0) })
    #expect(first.groundTruth.allSatisfy { $0.width > 0 && $0.height > 0 })
    #expect(first.groundTruth.first != first.groundTruth.last)
  }

  /// Augmented training videos jitter each video's colours (greyscale among them, p = 0.3 per
  /// photograph) and stay seeded; unaugmented videos keep the photographs' colours: a red
  /// background stays red (up to the brightness gain) in every frame of every video.
  @Test func augmentedVideosJitterColoursPerVideo() {
    let red = Photo(width: 40, height: 40, rgb: [Float](repeating: 0, count: 40 * 40 * 3).enumerated().map { $0.offset % 3 == 0 ? 0.8 : 0 })
    let green = Photo(width: 20, height: 20, rgb: [Float](repeating: 0, count: 20 * 20 * 3).enumerated().map { $0.offset % 3 == 1 ? 0.8 : 0 })
    /// The most common colour of a frame (the background's: the target covers at most a third).
    func modalColour(_ frame: Photo) -> [Float] {
      var counts: [[Float]: Int] = [:]
      for p in 0..<(frame.width * frame.height) { counts[Array(frame.rgb[(3 * p)..<(3 * p + 3)]), default: 0] += 1 }
      return counts.max { $0.value < $1.value }!.key
    }
    func isGrey(_ c: [Float]) -> Bool { abs(c[0] - c[1]) < 1e-6 && abs(c[1] - c[2]) < 1e-6 }
    var greyVideos = 0
    for seed in 0..<30 {
      var rng = RandomGenerator(seed: UInt64(seed))
      let plain = TrackingSequenceGenerator(frameSize: 32, frameCount: 2).generate(background: red, object: green, using: &rng)
      let colour = modalColour(plain.frames[0])
      #expect(colour[0] > 0.5 && colour[1] == 0 && colour[2] == 0)
      var a = RandomGenerator(seed: UInt64(seed))
      var b = RandomGenerator(seed: UInt64(seed))
      let augmenting = TrackingSequenceGenerator(frameSize: 32, frameCount: 2, augment: true)
      let augmented = augmenting.generate(background: red, object: green, using: &a)
      #expect(augmented.frames == augmenting.generate(background: red, object: green, using: &b).frames)
      if isGrey(modalColour(augmented.frames[0])) { greyVideos += 1 }
    }
    // 30 videos, greyscale with p = 0.3: 9 expected; P(fewer than 3 or more than 18) < 0.5 %.
    #expect((3...18).contains(greyVideos))
  }

  /// Procedural textures are seeded, not flat, and every pixel lies on the ramp between two
  /// colours: for points on a segment the farthest point from any point is an end, and every
  /// point's distances to the two ends add up to the segment's length.
  @Test func proceduralTexturesAreSeededColourRamps() {
    var textures: [Photo] = []
    for seed in 0..<6 {
      var a = RandomGenerator(seed: UInt64(seed))
      var b = RandomGenerator(seed: UInt64(seed))
      let texture = ProceduralTexture.random(side: 48, using: &a)
      #expect(texture == ProceduralTexture.random(side: 48, using: &b))
      #expect(texture.width == 48 && texture.height == 48 && texture.rgb.allSatisfy { (0...1).contains($0) })
      let pixels = (0..<(48 * 48)).map { Array(texture.rgb[(3 * $0)..<(3 * $0 + 3)]) }
      func distance(_ p: [Float], _ q: [Float]) -> Float { zip(p, q).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() }
      let end = pixels.max { distance($0, pixels[0]) < distance($1, pixels[0]) }!
      let otherEnd = pixels.max { distance($0, end) < distance($1, end) }!
      let length = distance(end, otherEnd)
      #expect(length > 0.01)
      #expect(pixels.allSatisfy { abs(distance($0, end) + distance($0, otherEnd) - length) < 1e-4 })
      #expect(Set(pixels).count > 48)
      textures.append(texture)
    }
    #expect(Set(textures.map(\.rgb)).count == textures.count)
  }

  /// With `texturedBackgrounds` 1 every video has a texture where the photograph was pure red
  /// (frame 1 then has next to no pure red pixel, where the photograph's background fills most
  /// of it); the videos stay seeded.
  @Test func texturedBackgroundsReplaceThePhotograph() {
    let red = Photo(width: 64, height: 64, rgb: [Float](repeating: 0, count: 64 * 64 * 3).enumerated().map { $0.offset % 3 == 0 ? 0.8 : 0 })
    let green = Photo(width: 20, height: 20, rgb: [Float](repeating: 0, count: 20 * 20 * 3).enumerated().map { $0.offset % 3 == 1 ? 0.8 : 0 })
    func redShare(_ frame: Photo) -> Double {
      let pixels = 0..<(frame.width * frame.height)
      let red = pixels.filter { frame.rgb[3 * $0] > 0 && frame.rgb[3 * $0 + 1] == 0 && frame.rgb[3 * $0 + 2] == 0 }
      return Double(red.count) / Double(pixels.count)
    }
    let plain = TrackingSequenceGenerator(frameSize: 32, frameCount: 2)
    let textured = TrackingSequenceGenerator(frameSize: 32, frameCount: 2, texturedBackgrounds: 1)
    for index in 0..<5 {
      let photographed = plain.video(index: index, train: true, seed: 3, photos: ([red], [green]))
      let video = textured.video(index: index, train: true, seed: 3, photos: ([red], [green]))
      #expect(video.frames == textured.video(index: index, train: true, seed: 3, photos: ([red], [green])).frames)
      #expect(redShare(photographed.frames[0]) > 0.3)
      #expect(redShare(video.frames[0]) < 0.01)
    }
  }

  /// `ebm data tracking` writes what the GOT-10k reader reads back.
  @Test func writtenVideosReadBackAsGOT10k() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("swift-ebm-tracking-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let generator = TrackingSequenceGenerator(frameSize: 32, frameCount: 4)
    let names = try generator.writeGOT10k(count: 2, train: false, seed: 3, to: root)
    let sequences = try TrackingBenchmarkReader.read(root, format: .got10k)
    #expect(sequences.map(\.name) == names && names == ["tracking-photos-test-0001", "tracking-photos-test-0002"])
    let video = try generator.video(index: 1, train: false, seed: 3)
    #expect(sequences[1].frames.count == 4 && sequences[1].cover == video.cover)
    for (read, written) in zip(sequences[1].groundTruth, video.groundTruth) {
      #expect(abs(read.x - written.x) < 1e-4 && abs(read.width - written.width) < 1e-4)
    }
    #expect(sequences[1].targetVisible == video.cover.map { $0 > 0 })
  }
}
