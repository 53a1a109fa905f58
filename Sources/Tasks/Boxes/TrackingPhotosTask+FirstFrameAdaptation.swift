import Dispatch
import EBMProtocols
import Tensors

extension TrackingPhotosTask {
  /// Stream of the evaluation generator from which video `index`'s adaptation draws
  /// (`adaptationStream + index`): apart from the tracker's own streams (`index`), so adapting
  /// leaves the tracker's start jitter unchanged.
  static let adaptationStream: UInt64 = 1 << 23

  /// `model` adapted to one video: fine-tuned by `fineTuner` (the method's own objective,
  /// optimiser and batch size) for ``adaptationEpochs`` epochs on ``adaptationPairs`` pairs of
  /// the video's frame 1 (``firstFramePairs(frame:box:using:)``), the only frame whose box the
  /// tracker is given. MDNet (Nam & Han, CVPR 2016) trains its box regressor on frame 1's
  /// samples the same way; ATOM and PrDiMP keep their IoU/box network fixed. `model` itself when
  /// there is no fine-tuner or adaptation is off.
  ///
  /// - Throws: what fine-tuning throws (a non-finite loss or parameter).
  public func adapted(
    _ model: TrainedEnergy, frame: Photo, box: BoundingBox, fineTuner: FineTuner?, using rng: RandomGenerator
  ) throws -> TrainedEnergy {
    guard let fineTuner, adaptationPairs > 0, adaptationEpochs > 0 else { return model }
    var rng = rng
    let pairs = firstFramePairs(frame: frame, box: box, using: &rng)
    return try fineTuner.fineTune(model, on: pairs, epochs: adaptationEpochs, seed: rng.next())
  }

  /// ``adaptationPairs`` pairs of frame 1: x is its crop around `box` (the reference half, as
  /// the tracker's) and a crop of the same frame around `box` jittered as the training pairs'
  /// test crops are (``scaleJitter``, ``centerJitter``); y is `box` in u of that crop.
  public func firstFramePairs(frame: Photo, box: BoundingBox, using rng: inout RandomGenerator) -> Dataset {
    let reference = BoxCrop(reference: box, context: context, size: cropSize).pixels(of: frame)
    var x: [Float] = []
    var y: [Float] = []
    x.reserveCapacity(adaptationPairs * 2 * reference.count)
    for _ in 0..<adaptationPairs {
      let crop = BoxCrop(reference: cropJittered(box, using: &rng), context: context, size: cropSize)
      x += reference
      x += crop.pixels(of: frame)
      y += crop.encode(box).map(Float.init)
    }
    return Dataset(
      x: Tensor(shape: [adaptationPairs, 6, cropSize, cropSize], scalars: x), y: Tensor(shape: [adaptationPairs, 4], scalars: y))
  }

  /// The energy each test (or validation) video is tracked with: `model` ``adapted(_:frame:box:fineTuner:using:)``
  /// to the video's frame 1, drawn from `rng`'s stream ``adaptationStream`` + the video's index;
  /// with the seconds adapting took (the tracker's time on that video, as a tracker's
  /// initialisation counts in its frames per second).
  func videoModels(
    _ model: TrainedEnergy, validation: Bool, fineTuner: FineTuner?, using rng: RandomGenerator
  ) throws -> [(model: TrainedEnergy, seconds: Double)] {
    var models: [(model: TrainedEnergy, seconds: Double)] = []
    let each = validation ? forEachValidationVideo : { try forEachVideo(train: false, $0) }
    try each { index, video in
      let start = DispatchTime.now().uptimeNanoseconds
      let adapted = try adapted(
        model, frame: video.frames[0], box: video.groundTruth[0], fineTuner: fineTuner,
        using: rng.forked(stream: Self.adaptationStream + UInt64(index)))
      models.append((adapted, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    }
    return models
  }
}
