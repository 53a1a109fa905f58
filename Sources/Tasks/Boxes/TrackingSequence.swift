import Foundation

/// One annotated tracking video as a benchmark stores it: the frame files in order, one box
/// per frame, and what the benchmark says about each frame's visibility.
///
/// Frames are paths, decoded when a tracker reads them, so opening a benchmark of thousands of
/// frames costs only the annotation files.
public struct TrackingSequence: Sendable, Equatable {
  /// The sequence's folder name (`Basketball`, `GOT-10k_Val_000001`, `airplane-1`, `bike1`).
  public var name: String
  /// The frame files, in playing order.
  public var frames: [URL]
  /// One box per frame, `[x, y, w, h]` in pixels; NaN where the target is absent (UAV123, LaSOT).
  public var groundTruth: [BoundingBox]
  /// Per frame, whether the target can be seen (GOT-10k `absence.label` negated, LaSOT neither
  /// `full_occlusion` nor `out_of_view`); nil when the benchmark does not say.
  public var targetVisible: [Bool]?
  /// GOT-10k's per-frame `cover.label`: the visible fraction of the target in eighths-ish bins
  /// 0 (absent) … 8 (fully visible); nil for other benchmarks.
  public var cover: [Int]?
  /// How the benchmark's toolkit treats absent frames.
  public var convention: TrackingEvaluation.Convention

  public init(
    name: String, frames: [URL], groundTruth: [BoundingBox], targetVisible: [Bool]? = nil, cover: [Int]? = nil,
    convention: TrackingEvaluation.Convention = .standard
  ) {
    self.name = name
    self.frames = frames
    self.groundTruth = groundTruth
    self.targetVisible = targetVisible
    self.cover = cover
    self.convention = convention
  }
}
