import Foundation
import Tensors

/// Synthetic tracking videos from real photographs (`tracking-photos`): a target cut out of
/// one photograph moves over another, seen by a panning camera.
///
/// Per sequence (all draws from the generator passed in):
/// - camera: a square view (50 % of the background's shorter side) whose position follows a
///   damped random walk, v ← 0.9 v + N(0, (0.004 side)²), kept inside the photograph (pan);
/// - target: an ``ObjectCutOut`` of width 15–30 % of the frame and aspect 0.5–2; its centre
///   follows v ← 0.9 v + N(0, 1 px²) (bouncing off the frame's edges), its log scale a random walk
///   N(0, 0.03²) per frame kept within log 0.5 … log 2 (0.5–2× the first size), its log aspect a
///   random walk N(0, 0.02²) within ±0.3;
/// - distractors: 1–2 more cut-outs of the target's photograph (similar-looking), moving the
///   same way, drawn behind the target;
/// - occlusion: in half of the sequences an occluder (a cut-out of the background photograph,
///   40 % of the frame) crosses the frame on a straight line during 30 frames, over the target;
///   the per-frame cover label is GOT-10k's bin of the target's visible fraction (0: none,
///   1: ≤ 15 %, …, 7: < 100 %, 8: all);
/// - appearance: a brightness gain 1 + 0.3 sin(2π t/T + φ) on the whole frame, and a 3×3 box
///   blur on frames where the target moves faster than 3 px;
/// - augmentation (`augment`, training videos): the target is mirrored left–right with
///   probability ½ and its photograph's colours jittered (``ColourJitter/random(using:)``, which
///   includes greyscale), the distractors sharing the target's look; the background mirrored
///   with probability ½ and jittered independently (the occluder cut from it jittered alike);
///   one draw per video. Without it no extra number is drawn, so unaugmented videos are the
///   same as before augmentation existed;
/// - textured backgrounds (`texturedBackgrounds`, training videos): that share of the videos
///   draws its background as a ``ProceduralTexture`` (domain randomisation) instead of using the
///   photograph; at 0 no number is drawn.
///
/// The ground truth is the extent of the target's drawn mask (amodal: it stays while occluded).
public struct TrackingSequenceGenerator: Sendable {
  /// Frame side in pixels.
  public var frameSize: Int
  /// Frames per sequence.
  public var frameCount: Int
  /// Whether each video mirrors and colour-jitters its photographs (training videos).
  public var augment: Bool
  /// The share (0 … 1) of videos whose background is a ``ProceduralTexture`` instead of a
  /// photograph (domain randomisation; training videos).
  public var texturedBackgrounds: Double

  public init(frameSize: Int = 128, frameCount: Int = 100, augment: Bool = false, texturedBackgrounds: Double = 0) {
    precondition(frameSize >= 32 && frameCount >= 2, "TrackingSequenceGenerator: frames of at least 32 px, at least 2 frames")
    precondition((0...1).contains(texturedBackgrounds), "TrackingSequenceGenerator: a share of textured backgrounds in 0 … 1")
    self.frameSize = frameSize
    self.frameCount = frameCount
    self.augment = augment
    self.texturedBackgrounds = texturedBackgrounds
  }

  /// One generated video.
  public struct Video: Sendable {
    public var frames: [Photo]
    public var groundTruth: [BoundingBox]
    /// GOT-10k cover bins 0 … 8.
    public var cover: [Int]
  }

  /// A moving cut-out: centre, velocity, log scale, log aspect and its base size.
  struct Mover {
    var cutOut: ObjectCutOut
    var cx: Double
    var cy: Double
    var vx = 0.0
    var vy = 0.0
    var logScale = 0.0
    var logAspect = 0.0
    var width: Double
    var height: Double

    var box: BoundingBox {
      let s = exp(logScale)
      return BoundingBox(
        centerX: cx, centerY: cy, width: width * s * exp(logAspect / 2), height: height * s * exp(-logAspect / 2))
    }

    mutating func step(frame: Double, using rng: inout RandomGenerator) {
      vx = 0.9 * vx + Double(rng.nextNormal())
      vy = 0.9 * vy + Double(rng.nextNormal())
      cx += vx
      cy += vy
      if cx < 0 || cx > frame { vx = -vx; cx = min(max(cx, 0), frame) }
      if cy < 0 || cy > frame { vy = -vy; cy = min(max(cy, 0), frame) }
      logScale = min(log(2), max(log(0.5), logScale + 0.03 * Double(rng.nextNormal())))
      logAspect = min(0.3, max(-0.3, logAspect + 0.02 * Double(rng.nextNormal())))
    }
  }

  /// GOT-10k's cover bin of a visible fraction.
  public static func coverBin(visibleFraction v: Double) -> Int {
    if v <= 0 { return 0 }
    if v >= 1 { return 8 }
    return min(7, Int((v / 0.15).rounded(.up)))
  }

  /// One video over `background` with a target cut out of `object`.
  public func generate(background: Photo, object: Photo, using rng: inout RandomGenerator) -> Video {
    func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextDouble() }
    let size = Double(frameSize)
    let view = Double(min(background.width, background.height)) * 0.5
    var camera = (x: uniform(0, Double(background.width) - view), y: uniform(0, Double(background.height) - view))
    var cameraVelocity = (x: 0.0, y: 0.0)
    func mover(_ photo: Photo) -> Mover {
      let width = size * uniform(0.15, 0.3)
      let height = min(size * 0.6, width * exp(uniform(log(0.5), log(2))))
      return Mover(
        cutOut: .random(from: photo, using: &rng), cx: uniform(0.3, 0.7) * size, cy: uniform(0.3, 0.7) * size,
        width: width, height: height)
    }
    var target = mover(object)
    var distractors = (0..<(1 + rng.uniformInt(below: 2))).map { _ in mover(object) }
    for i in distractors.indices {
      distractors[i].cx = uniform(0, 1) * size
      distractors[i].cy = uniform(0, 1) * size
    }
    let occluded = rng.nextDouble() < 0.5
    let occluderStart = rng.uniformInt(below: max(1, frameCount - 30))
    var occluderCutOut = ObjectCutOut.random(from: background, using: &rng)
    var mirrorBackground = false
    var backgroundJitter = ColourJitter.identity
    if augment {
      let mirrorTarget = rng.nextDouble() < 0.5
      let targetJitter = ColourJitter.random(using: &rng)
      for i in distractors.indices {
        distractors[i].cutOut.mirrored = mirrorTarget
        distractors[i].cutOut.jitter = targetJitter
      }
      target.cutOut.mirrored = mirrorTarget
      target.cutOut.jitter = targetJitter
      mirrorBackground = rng.nextDouble() < 0.5
      backgroundJitter = .random(using: &rng)
      occluderCutOut.jitter = backgroundJitter
    }
    let occluderFrom = (x: -0.2 * size, y: uniform(0.2, 0.8) * size)
    let occluderTo = (x: 1.2 * size, y: uniform(0.2, 0.8) * size)
    let phase = uniform(0, 2 * .pi)
    var video = Video(frames: [], groundTruth: [], cover: [])
    for t in 0..<frameCount {
      if t > 0 {
        cameraVelocity.x = 0.9 * cameraVelocity.x + 0.004 * view * Double(rng.nextNormal())
        cameraVelocity.y = 0.9 * cameraVelocity.y + 0.004 * view * Double(rng.nextNormal())
        camera.x = min(max(camera.x + cameraVelocity.x, 0), Double(background.width) - view)
        camera.y = min(max(camera.y + cameraVelocity.y, 0), Double(background.height) - view)
        target.step(frame: size, using: &rng)
        for i in distractors.indices { distractors[i].step(frame: size, using: &rng) }
      }
      var rgb = [Float](repeating: 0, count: frameSize * frameSize * 3)
      let scale = view / size
      for i in 0..<frameSize {
        for j in 0..<frameSize {
          let column = mirrorBackground ? frameSize - 1 - j : j
          let (r, g, b) = backgroundJitter(
            background.sample(x: Float(camera.x + (Double(column) + 0.5) * scale), y: Float(camera.y + (Double(i) + 0.5) * scale)))
          rgb[(i * frameSize + j) * 3] = r
          rgb[(i * frameSize + j) * 3 + 1] = g
          rgb[(i * frameSize + j) * 3 + 2] = b
        }
      }
      var frame = Photo(width: frameSize, height: frameSize, rgb: rgb)
      for distractor in distractors { distractor.cutOut.paste(into: &frame, at: distractor.box) }
      let targetBox = target.box
      let drawn = target.cutOut.paste(into: &frame, at: targetBox) ?? targetBox
      var visible = 1.0
      if occluded && t >= occluderStart && t < occluderStart + 30 {
        let f = Double(t - occluderStart) / 29
        let occluderBox = BoundingBox(
          centerX: occluderFrom.x + f * (occluderTo.x - occluderFrom.x), centerY: occluderFrom.y + f * (occluderTo.y - occluderFrom.y),
          width: 0.4 * size, height: 0.4 * size)
        var total = 0
        var covered = 0
        for i in 0..<frameSize {
          for j in 0..<frameSize {
            let (x, y) = (Double(j) + 0.5, Double(i) + 0.5)
            guard target.cutOut.opacity(in: targetBox, x: x, y: y) >= 0.5 else { continue }
            total += 1
            if occluderCutOut.opacity(in: occluderBox, x: x, y: y) >= 0.5 { covered += 1 }
          }
        }
        occluderCutOut.paste(into: &frame, at: occluderBox)
        visible = total > 0 ? Double(total - covered) / Double(total) : 0
      }
      let gain = Float(1 + 0.3 * sin(2 * .pi * Double(t) / Double(frameCount) + phase))
      for k in frame.rgb.indices { frame.rgb[k] = min(1, frame.rgb[k] * gain) }
      if (target.vx * target.vx + target.vy * target.vy).squareRoot() > 3 { frame = Self.boxBlur(frame) }
      video.frames.append(frame)
      video.groundTruth.append(drawn)
      video.cover.append(Self.coverBin(visibleFraction: visible))
    }
    return video
  }

  /// The 3×3 box blur (edges repeat).
  static func boxBlur(_ photo: Photo) -> Photo {
    var out = photo.rgb
    let (w, h) = (photo.width, photo.height)
    for i in 0..<h {
      for j in 0..<w {
        for c in 0..<3 {
          var sum: Float = 0
          for di in -1...1 {
            for dj in -1...1 {
              let y = min(max(i + di, 0), h - 1)
              let x = min(max(j + dj, 0), w - 1)
              sum += photo.rgb[(y * w + x) * 3 + c]
            }
          }
          out[(i * w + j) * 3 + c] = sum / 9
        }
      }
    }
    return Photo(width: w, height: h, rgb: out, alpha: photo.alpha)
  }
}
