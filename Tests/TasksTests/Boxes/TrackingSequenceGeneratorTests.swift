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
