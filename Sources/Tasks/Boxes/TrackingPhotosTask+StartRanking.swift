import EBMProtocols
import Foundation
import Tensors

extension TrackingPhotosTask {
  /// How well E ranks the tracker's starts on the validation videos: Spearman's rank
  /// correlation between −E and the true IoU over one frame's starts (the coarse box and its
  /// ``BoxTracker/jitteredStarts`` jittered boxes, before refinement), averaged over every
  /// validation frame where the target is visible and the coarse box overlaps it (IoU > 0.3;
  /// below that every start misses). 1: E orders the starts as their IoU does; 0: no better than
  /// chance. The tracker averages the lowest-energy starts, so this is what refinement builds on,
  /// measured on photographs no training video uses. nil without validation videos or when no
  /// frame counts (E constant over every frame's starts, or every coarse box off the target).
  ///
  /// - Throws: what generating the videos throws.
  public func validationRankCorrelation(_ model: TrainedEnergy, using rng: RandomGenerator) throws -> Double? {
    var total = 0.0
    var frames = 0
    let tracker = tracker
    try forEachValidationVideo { index, video in
      var sequenceRNG = rng.forked(stream: UInt64(index))
      let coarse = try tracker.track(
        frameCount: video.frames.count, frame: { video.frames[$0] }, initial: video.groundTruth[0], refinement: .none,
        using: &sequenceRNG
      ).coarse
      let reference = BoxCrop(reference: video.groundTruth[0], context: context, size: cropSize).pixels(of: video.frames[0])
      for frame in 1..<video.frames.count where video.cover[frame] > 0 && coarse[frame].iou(with: video.groundTruth[frame]) > 0.3 {
        let starts = [coarse[frame]] + tracker.jittered(coarse[frame], using: &sequenceRNG)
        let crop = BoxCrop(reference: coarse[frame], context: context, size: cropSize)
        let x = Tensor(shape: [1, 6, cropSize, cropSize], scalars: reference + crop.pixels(of: video.frames[frame]))
        let u = Tensor(shape: [1, starts.count, 4], scalars: starts.flatMap { crop.encode($0).map(Float.init) })
        let negativeEnergies = model(x: x, y: u).scalars.map { -Double($0) }
        if let rho = Self.rankCorrelation(negativeEnergies, starts.map { $0.iou(with: video.groundTruth[frame]) }) {
          total += rho
          frames += 1
        }
      }
    }
    return frames > 0 ? total / Double(frames) : nil
  }

  /// Spearman's ρ of `a` and `b` (the Pearson correlation of their ranks, tied values sharing
  /// their mean rank); nil when either is constant or they have fewer than 2 values.
  public static func rankCorrelation(_ a: [Double], _ b: [Double]) -> Double? {
    precondition(a.count == b.count, "rankCorrelation: equal lengths")
    guard a.count >= 2 else { return nil }
    func ranks(_ values: [Double]) -> [Double] {
      let order = values.indices.sorted { values[$0] < values[$1] }
      var ranks = [Double](repeating: 0, count: values.count)
      var start = 0
      while start < order.count {
        var end = start
        while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
        for k in start...end { ranks[order[k]] = Double(start + end) / 2 }
        start = end + 1
      }
      return ranks
    }
    let (ra, rb) = (ranks(a), ranks(b))
    let mean = Double(a.count - 1) / 2
    var (covariance, varianceA, varianceB) = (0.0, 0.0, 0.0)
    for (x, y) in zip(ra, rb) {
      covariance += (x - mean) * (y - mean)
      varianceA += (x - mean) * (x - mean)
      varianceB += (y - mean) * (y - mean)
    }
    guard varianceA > 0, varianceB > 0 else { return nil }
    return covariance / (varianceA * varianceB).squareRoot()
  }
}
