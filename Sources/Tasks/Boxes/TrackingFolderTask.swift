import Dispatch
import EBMProtocols
import Foundation
import Tensors

/// `tracking-folder`: the box-energy tracker of ``TrackingPhotosTask`` on a benchmark folder a
/// user brings (OTB, GOT-10k, LaSOT or UAV123 layout, JPEG or PNG frames;
/// ``TrackingBenchmarkReader``). Training is `tracking-photos`' (pairs from generated videos);
/// evaluation chooses the refinement step on `tracking-photos`' validation videos
/// (``TrackingPhotosTask/chooseStepLength(_:inference:fineTuner:using:)``), then runs ``BoxTracker`` over
/// every sequence of the folder (frame 1: its ground truth; the energy adapted to it,
/// ``TrackingPhotosTask/adapted(_:frame:box:fineTuner:using:)``) and scores it with the benchmark's
/// own convention for absent frames (``TrackingEvaluation``): AUC, OP50, OP75, precision at
/// 20 px, normalised precision, frames per second.
public struct TrackingFolderTask: LearningTask {
  /// The training half: generated videos and the refinement settings.
  public var photos: TrackingPhotosTask
  /// The benchmark's root folder.
  public var path: String
  /// Its layout.
  public var format: TrackingBenchmarkReader.Format
  /// Sequences tracked, in the reader's order (0: all).
  public var maxSequences: Int
  /// Frames tracked per sequence, from the first (0: all).
  public var maxFrames: Int

  public init(
    photos: TrackingPhotosTask = TrackingPhotosTask(), path: String, format: TrackingBenchmarkReader.Format = .got10k,
    maxSequences: Int = 0, maxFrames: Int = 0
  ) {
    self.photos = photos
    self.path = path
    self.format = format
    self.maxSequences = maxSequences
    self.maxFrames = maxFrames
  }

  public var energyKind: EnergyKind { photos.energyKind }
  public var defaults: TaskDefaults { photos.defaults }

  /// The folder's sequences (at most `maxSequences`, each cut to `maxFrames`).
  ///
  /// - Throws: `EBMError.invalidOption` without a path; the reader's `EBMError.invalidFile` for
  ///   a folder that does not fit the layout.
  public func sequences() throws -> [TrackingSequence] {
    guard !path.isEmpty else {
      throw EBMError.invalidOption(
        component: "tracking-folder", option: "path",
        reason: "is empty; help: --task tracking-folder:path=DIR,format=otb|got10k|lasot|uav123")
    }
    var sequences = try TrackingBenchmarkReader.read(URL(fileURLWithPath: path), format: format)
    if maxSequences > 0 { sequences = Array(sequences.prefix(maxSequences)) }
    guard maxFrames > 0 else { return sequences }
    return sequences.map { sequence in
      var cut = sequence
      cut.frames = Array(sequence.frames.prefix(maxFrames))
      cut.groundTruth = Array(sequence.groundTruth.prefix(maxFrames))
      cut.targetVisible = sequence.targetVisible.map { Array($0.prefix(maxFrames)) }
      cut.cover = sequence.cover.map { Array($0.prefix(maxFrames)) }
      return cut
    }
  }

  /// Training and test pairs of `tracking-photos`; the folder is read first, so a wrong path
  /// fails before training.
  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    _ = try sequences()
    return try photos.makeData(using: &rng)
  }

  /// Runs the tracker over the folder's sequences; each sequence's jitter from its own stream.
  /// With a `fineTuner` an energy refinement tracks each sequence with the energy adapted to its
  /// frame 1 (``TrackingPhotosTask/adapted(_:frame:box:fineTuner:using:)``).
  ///
  /// - Throws: `EBMError.invalidFile` naming a sequence whose first box is not a positive box or
  ///   a frame that does not decode.
  public func track(
    _ refinement: BoxTracker.Refinement, fineTuner: FineTuner? = nil, using rng: RandomGenerator
  ) throws -> TrackingRun {
    var run = TrackingRun()
    for (index, sequence) in try sequences().enumerated() {
      let first = sequence.groundTruth[0]
      guard first.isFinite && first.width > 0 && first.height > 0 else {
        throw EBMError.invalidFile(
          path: sequence.frames.first?.deletingLastPathComponent().path ?? sequence.name,
          reason: "frame 1's box is \(first); help: the tracker starts from frame 1's annotation, which must be a positive box")
      }
      var sequenceRNG = rng.forked(stream: UInt64(index))
      var sequenceRefinement = refinement
      var adaptationSeconds = 0.0
      if case let .energy(model, inference) = refinement, fineTuner != nil {
        let frame = try Photo(contentsOf: sequence.frames[0])
        let start = DispatchTime.now().uptimeNanoseconds
        let adapted = try photos.adapted(
          model, frame: frame, box: first, fineTuner: fineTuner,
          using: rng.forked(stream: TrackingPhotosTask.adaptationStream + UInt64(index)))
        adaptationSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        sequenceRefinement = .energy(adapted, inference)
      }
      var result = try photos.tracker.track(
        frameCount: sequence.frames.count, frame: { try Photo(contentsOf: sequence.frames[$0]) }, initial: first,
        refinement: sequenceRefinement, using: &sequenceRNG)
      result.seconds += adaptationSeconds
      try run.add(
        result, sequence: sequence.name, groundTruth: sequence.groundTruth, targetVisible: sequence.targetVisible,
        convention: sequence.convention)
    }
    return run
  }

  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    guard let inference = context.inference else {
      throw EBMError.incompatible("tracking-folder refines boxes and needs an inference (gradient-ascent)")
    }
    let chosen = try photos.chooseStepLength(
      model, inference: inference, fineTuner: context.fineTuner, using: context.rng.forked(stream: 1 << 21))
    return try track(.energy(model, chosen.inference), fineTuner: context.fineTuner, using: context.rng).metrics() + [
      Metric("step_factor", chosen.factor, .higherIsBetter), Metric("validation_auc", chosen.validationAUC, .higherIsBetter),
      Metric(
        "validation_rank_correlation", try photos.validationRankCorrelation(model, using: context.rng.forked(stream: 1 << 22)),
        .higherIsBetter),
    ]
  }
}
