import Foundation
import Tensors

extension TrackingSequenceGenerator {
  /// The `index`-th video of a split, from the shipped photographs (``PhotoLibrary``'s training
  /// or test ones, which never share a photograph), drawn from its own stream of `seed`.
  public func video(index: Int, train: Bool, seed: UInt64) throws -> Video {
    video(index: index, train: train, seed: seed, photos: try PhotoLibrary.photos(train ? .training : .test))
  }

  /// The `index`-th training (`train`) or evaluation video, drawn from its own stream of `seed`,
  /// from photographs already decoded (``PhotoLibrary/photos(_:)``), so that generating many
  /// videos decodes them once; with ``texturedBackgrounds`` > 0 that share of the videos has a
  /// ``ProceduralTexture`` for background instead of the photograph drawn.
  public func video(index: Int, train: Bool, seed: UInt64, photos: (backgrounds: [Photo], objects: [Photo])) -> Video {
    let (backgrounds, objects) = photos
    var rng = RandomGenerator(seed: seed).forked(stream: UInt64(index) * 2 + (train ? 0 : 1))
    var background = backgrounds[rng.uniformInt(below: backgrounds.count)]
    let object = objects[rng.uniformInt(below: objects.count)]
    if texturedBackgrounds > 0, rng.nextDouble() < texturedBackgrounds { background = ProceduralTexture.random(using: &rng) }
    return generate(background: background, object: object, using: &rng)
  }

  /// Writes `count` videos of a split in the GOT-10k layout (``GOT10kWriter``) under `root` and
  /// returns their names (`tracking-photos-train-0001`, …).
  public func writeGOT10k(count: Int, train: Bool, seed: UInt64, to root: URL) throws -> [String] {
    var names: [String] = []
    for index in 0..<count {
      let number = String(index + 1)
      let name = "tracking-photos-\(train ? "train" : "test")-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
      let video = try video(index: index, train: train, seed: seed)
      try GOT10kWriter.writeSequence(
        name: name, frames: video.frames.map(\.raster), groundTruth: video.groundTruth, cover: video.cover, to: root)
      names.append(name)
    }
    try GOT10kWriter.writeList(names, to: root)
    return names
  }
}
