import EBMProtocols
import Foundation
import Tensors

/// `tracking-photos`: visual tracking with a box energy (Gustafsson et al., BMVC 2020, §4.3, on
/// PrDiMP/ATOM), on videos generated from real photographs (``TrackingSequenceGenerator``;
/// training and test videos use disjoint photographs, ``PhotoLibrary``).
///
/// **Training pairs** (as ATOM samples them): per training video, `pairsPerSequence` pairs of a
/// reference frame (target fully visible) and a test frame (target at least partly visible). x
/// stacks the reference frame's ``BoxCrop`` around its true box and the test frame's crop around
/// the test frame's true box jittered as ATOM jitters its test crops (log size N(0, σ²) per axis,
/// σ = `scaleJitter`; centre U(±½ f √(wh)), f = `centerJitter`), so the energy learns to rank
/// boxes over the errors the tracker's coarse step makes, `[6, S, S]`; y is the test frame's
/// true box in u of the test crop. With `augment` each training video mirrors and
/// colour-jitters its photographs (``TrackingSequenceGenerator/augment``); `texturedBackgrounds`
/// of them (default all) have a ``ProceduralTexture`` for background (domain randomisation),
/// their targets still cut from the training photographs. The box energy is
/// `box-energy-modulated` (the reference box modulates the test features), so the objectives of
/// the 1-D study train it unchanged.
///
/// **Evaluation** runs ``BoxTracker`` over the test videos (frame 1: the ground truth, to which
/// the energy is first adapted, ``adapted(_:frame:box:fineTuner:using:)``; coarse position by
/// template correlation, the search's size following the refined size at rate
/// `sizeFeedbackRate`; refinement of the coarse box and 9 ones jittered by
/// `startPositionJitter` and `startSizeJitter` (half PrDiMP's) with the
/// pipeline's inference, the best 3 averaged; its step λ₀ scaled by the factor of `stepFactors`
/// that tracks the `validationSequences` validation videos best, as `detection-photos` chooses
/// its step) and scores it as pytracking does
/// (``TrackingEvaluation``, GOT-10k convention: frames whose cover label is 0 are invalid): AUC,
/// OP50, OP75, precision at 20 px, normalised precision, frames per second. `truth_lower` is
/// how often (%) E ranks a test pair's true box below the crop's centred reference box;
/// `pair_iou` / `pair_iou_before` the mean IoU of one refinement of each test pair (frame 1
/// against a later frame, from the jittered truth) after and before: the energy's quality
/// without the tracker's feedback; `validation_rank_correlation` how well E orders the
/// tracker's starts by IoU on the validation videos (``validationRankCorrelation(_:using:)``).
///
/// Defaults follow the paper's tracking setting: proposals an equal mixture σ ∈ {0.05, 0.5} in u,
/// M = 128, NCE+ β = 0.1 (the true sample's noise then has σ 0.05 for the wide component's
/// draws, PrDiMP's ground-truth σ), KLD-IS label noise 0.05; refinement T = 10,
/// λ = (8e-4, 8e-4, 3.2e-3, 3.2e-3), η = 0.5.
public struct TrackingPhotosTask: LearningTask {
  /// Frame side in pixels.
  public var frameSize: Int
  /// Crop side S in pixels.
  public var cropSize: Int
  /// Training videos.
  public var trainSequences: Int
  /// Frames per training video.
  public var trainFrames: Int
  /// Training pairs drawn per training video.
  public var pairsPerSequence: Int
  /// Test videos.
  public var testSequences: Int
  /// Frames per test video.
  public var testFrames: Int
  /// Seed of the videos and pairs (fixed across run seeds).
  public var dataSeed: UInt64
  /// T, refinement steps.
  public var refinementSteps: Int
  /// λ₀ of the centre coordinates; the size coordinates take 4 λ₀.
  public var refinementStepLength: Double
  /// Whether evaluation runs the tracker over the test videos (false: only `truth_lower`).
  public var track: Bool
  /// Test videos from the training photographs (new videos): measures the gap between photographs.
  public var testOnTrainingPhotos: Bool
  /// Sanity setting: every pair's reference frame is its test frame (a static target), so the
  /// modulated energy only has to find the reference box again.
  public var sameFrame: Bool = false
  /// Whether the training videos mirror and colour-jitter their photographs
  /// (``TrackingSequenceGenerator/augment``); test and validation videos never do.
  public var augment: Bool = Options().augment
  /// The share of training videos whose background is a ``ProceduralTexture`` instead of a
  /// training photograph (domain randomisation; ``TrackingSequenceGenerator/texturedBackgrounds``).
  /// Chosen on validation videos: without it the energy ranked the tracker's starts no better
  /// than chance on the validation photographs (docs/boxes.md).
  public var texturedBackgrounds: Double = Options().texturedBackgrounds
  /// σ of the test crop's log-size jitter per axis (ATOM/PrDiMP's `scale_jitter_factor` is 0.5
  /// for a crop 5× the box; ours for a crop 2× the box); 0 with `centerJitter` 0: the
  /// ``DetectorErrorModel``'s jitter.
  public var scaleJitter: Double = 0.25
  /// The test crop's centre jitter, U(±½ · f · √(wh)) per axis (ATOM's `center_jitter_factor`).
  public var centerJitter: Double = 0.5
  /// Jittered starts beside the coarse box (PrDiMP: 9).
  public var jitteredStarts: Int = 9
  /// Centre jitter of the starts, in units of √(wh) (``BoxTracker/positionJitter``).
  public var startPositionJitter: Double = Options().startPositionJitter
  /// Size jitter of the starts, in units of √(wh) (``BoxTracker/sizeJitter``).
  public var startSizeJitter: Double = Options().startSizeJitter
  /// γ, the share of the refined box's log size change kept.
  public var sizeUpdateRate: Double = 1
  /// Whether the refined box is the next frame's previous box.
  public var refinedFeedsBack: Bool = false
  /// ρ, the share of the refined box's log size change carried into the next frame's search.
  public var sizeFeedbackRate: Double = Options().sizeFeedback
  /// Refine only frames whose coarse NCC peak is below this (0: every frame).
  public var confidenceGate: Double = 0
  /// First-frame adaptation (``adapted(_:frame:box:fineTuner:seed:)``): pairs of frame 1 each
  /// video's energy is fine-tuned on; 0: the trained energy tracks every video as it is.
  public var adaptationPairs: Int = Options().adaptPairs
  /// First-frame adaptation: epochs over those pairs.
  public var adaptationEpochs: Int = Options().adaptEpochs
  /// Validation videos (from the validation photographs, ``PhotoSplit/validation``, held out of
  /// training and test) on which the refinement step is chosen; 0: the step as given.
  public var validationSequences: Int = Options().validationSequences
  /// Candidate multipliers of the refinement step tried on the validation videos.
  public var stepFactors: [Double] = Options().stepFactors.map(Double.init)
  /// How many times the box a crop covers.
  public var context: Double { 2 }

  public init(
    frameSize: Int = Options().frameSize, cropSize: Int = Options().cropSize, trainSequences: Int = Options().trainSequences,
    trainFrames: Int = Options().trainFrames, pairsPerSequence: Int = Options().pairsPerSequence,
    testSequences: Int = Options().testSequences, testFrames: Int = Options().testFrames,
    dataSeed: UInt64 = UInt64(Options().dataSeed), refinementSteps: Int = Options().refineSteps,
    refinementStepLength: Double = Options().stepLength, track: Bool = Options().track,
    testOnTrainingPhotos: Bool = Options().testOnTrainingPhotos
  ) {
    self.testOnTrainingPhotos = testOnTrainingPhotos
    self.frameSize = frameSize
    self.cropSize = cropSize
    self.trainSequences = trainSequences
    self.trainFrames = trainFrames
    self.pairsPerSequence = pairsPerSequence
    self.testSequences = testSequences
    self.testFrames = testFrames
    self.dataSeed = dataSeed
    self.refinementSteps = refinementSteps
    self.refinementStepLength = refinementStepLength
    self.track = track
  }

  public var energyKind: EnergyKind { .conditional(inputShape: [6, cropSize, cropSize], outputDimension: 4) }

  public var defaults: TaskDefaults {
    let proposal = ComponentReference("gmm", options: ["stds": .doubleList([0.05, 0.5])])
    let refinement: [String: OptionValue] = [
      "steps": .int(refinementSteps), "step-length": .double(refinementStepLength), "step-scales": .doubleList([1, 1, 4, 4]),
      "decay": .double(0.5), "average-best": .int(min(3, jitteredStarts + 1)),
    ]
    return TaskDefaults(
      architecture: ComponentReference("box-energy-modulated", options: ["crop-size": .int(cropSize)]),
      objective: ComponentReference("nce+", options: ["samples": .int(128), "beta": .double(0.1)]),
      sampler: proposal, optimizer: ComponentReference("adam", options: ["lr": .double(1e-3)]), epochs: 8, batchSize: 32,
      objectiveOverrides: [
        "nce+": ["samples": .int(128), "beta": .double(0.1)],
        "nce": ["samples": .int(128)],
        "ml-is": ["samples": .int(128)],
        "kld-is": ["samples": .int(128), "label-sigma": .double(0.05)],
        // λ 0.05 diverges here (loss NaN at step 79); the paper's dataset-2 step 0.0125 trains.
        "ml-mcmc": ["samples": .int(16), "steps": .int(8), "lambda": .double(0.0125)],
        "dsm": ["sigma": .double(0.05), "samples": .int(16)],
        "iou-regression": ["samples": .int(128), "reference-size": .double(Double(cropSize) / context)],
      ],
      samplerForObjective: ["nce+": proposal, "nce": proposal, "ml-is": proposal, "kld-is": proposal, "iou-regression": proposal],
      evaluationInference: ComponentReference("gradient-ascent", options: refinement),
      inferenceForObjective: [
        // Direct regression: E = ½‖u − g(x)‖², one step of length 1 lands every start on g(x).
        "energy": ComponentReference(
          "gradient-ascent", options: ["steps": .int(1), "step-length": .double(1), "average-best": .int(min(3, jitteredStarts + 1))]),
        // IoU-Net: ascent on the predicted IoU (values in [0, 1], so larger steps than on f).
        "iou-regression": ComponentReference(
          "gradient-ascent",
          options: ["steps": .int(10), "step-length": .double(0.02), "decay": .double(0.5), "average-best": .int(min(3, jitteredStarts + 1))]),
      ])
  }

  /// The generator of one split's videos.
  func generator(train: Bool) -> TrackingSequenceGenerator {
    TrackingSequenceGenerator(
      frameSize: frameSize, frameCount: train ? trainFrames : testFrames, augment: train && augment,
      texturedBackgrounds: train ? texturedBackgrounds : 0)
  }

  /// The photographs of the training (`train`) or test videos.
  func photoSplit(train: Bool) -> PhotoSplit { train || testOnTrainingPhotos ? .training : .test }

  /// The `index`-th video of a split.
  public func video(_ index: Int, train: Bool) throws -> TrackingSequenceGenerator.Video {
    generator(train: train).video(
      index: index, train: train, seed: dataSeed, photos: try PhotoLibrary.photos(photoSplit(train: train)))
  }

  /// Every video of a split, in order, generated one at a time (the photographs decoded once).
  func forEachVideo(train: Bool, _ body: (Int, TrackingSequenceGenerator.Video) throws -> Void) throws {
    let photos = try PhotoLibrary.photos(photoSplit(train: train))
    let generator = generator(train: train)
    for index in 0..<(train ? trainSequences : testSequences) {
      try body(index, generator.video(index: index, train: train, seed: dataSeed, photos: photos))
    }
  }

  /// Index of the first validation video: far past every training and test video's index.
  static let validationIndexOffset = 1_000_000

  /// Every validation video, in order: test-length videos from the validation photographs
  /// (``PhotoSplit/validation``, held out of training), with indices no training or test video
  /// uses.
  public func forEachValidationVideo(_ body: (Int, TrackingSequenceGenerator.Video) throws -> Void) throws {
    let photos = try PhotoLibrary.photos(.validation)
    let generator = generator(train: false)
    for index in 0..<validationSequences {
      try body(
        index, generator.video(index: Self.validationIndexOffset + index, train: false, seed: dataSeed, photos: photos))
    }
  }

  /// Training or test pairs of one split's videos: x `[N, 6, S, S]`, y `[N, 4]`.
  func pairs(train: Bool) throws -> Dataset {
    var rng = RandomGenerator(seed: dataSeed).forked(stream: train ? 3 : 4)
    var errors = DetectorErrorModel()
    errors.maxFalsePositives = 0
    var x: [Float] = []
    var y: [Float] = []
    var count = 0
    try forEachVideo(train: train) { _, video in
      let visible = video.cover.indices.filter { video.cover[$0] > 0 }
      let full = video.cover.indices.filter { video.cover[$0] == 8 }
      guard !visible.isEmpty else { return }
      for _ in 0..<(train ? pairsPerSequence : 1) {
        // Test pairs: the tracker's setting, frame 1 against every visible later frame.
        let referenceFrame = train ? (full.isEmpty ? visible : full)[rng.uniformInt(below: (full.isEmpty ? visible : full).count)] : 0
        let tests = train ? [visible[rng.uniformInt(below: visible.count)]] : visible.filter { $0 > 0 }
        for test in tests {
          let reference = sameFrame ? test : referenceFrame
          let truth = video.groundTruth[test]
          let jittered =
            scaleJitter == 0 && centerJitter == 0
            ? errors.detections(for: [truth], imageSize: Double(frameSize), using: &rng)[0].box
            : cropJittered(truth, using: &rng)
          let crop = BoxCrop(reference: jittered, context: context, size: cropSize)
          x += BoxCrop(reference: video.groundTruth[reference], context: context, size: cropSize).pixels(of: video.frames[reference])
          x += crop.pixels(of: video.frames[test])
          y += crop.encode(truth).map(Float.init)
          count += 1
        }
      }
    }
    guard count > 0 else {
      throw EBMError.invalid("tracking-photos: no \(train ? "training" : "test") pair; help: raise train-sequences or test-sequences")
    }
    return Dataset(x: Tensor(shape: [count, 6, cropSize, cropSize], scalars: x), y: Tensor(shape: [count, 4], scalars: y))
  }

  /// ATOM's test-crop jitter of `truth`: size × exp(N(0, σ²)) per axis, then the centre moved by
  /// U(±½ · f · √(wh)) of the jittered size per axis.
  func cropJittered(_ truth: BoundingBox, using rng: inout RandomGenerator) -> BoundingBox {
    let width = truth.width * exp(scaleJitter * Double(rng.nextNormal()))
    let height = truth.height * exp(scaleJitter * Double(rng.nextNormal()))
    let offset = centerJitter * (width * height).squareRoot()
    return BoundingBox(
      centerX: truth.centerX + offset * (rng.nextDouble() - 0.5), centerY: truth.centerY + offset * (rng.nextDouble() - 0.5),
      width: width, height: height)
  }

  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    TaskData(train: try pairs(train: true), test: try pairs(train: false))
  }

  /// The tracker with the task's crop.
  public var tracker: BoxTracker {
    var tracker = BoxTracker(
      cropSize: cropSize, context: context, jitteredStarts: jitteredStarts, positionJitter: startPositionJitter,
      sizeJitter: startSizeJitter, sizeUpdateRate: sizeUpdateRate,
      refinedFeedsBack: refinedFeedsBack)
    tracker.sizeFeedbackRate = sizeFeedbackRate
    tracker.confidenceGate = confidenceGate
    return tracker
  }

  /// Runs the tracker over every test video; each video's jitter from its own stream of `rng`.
  /// With a `fineTuner` an energy refinement tracks each video with the energy adapted to its
  /// frame 1 (``adapted(_:frame:box:fineTuner:using:)``, ``adaptationPairs``).
  public func trackTestVideos(
    _ refinement: BoxTracker.Refinement, fineTuner: FineTuner? = nil, using rng: RandomGenerator
  ) throws -> TrackingRun {
    guard case let .energy(model, inference) = refinement else {
      return try trackVideos({ _ in refinement }, validation: false, using: rng)
    }
    let models = try videoModels(model, validation: false, fineTuner: fineTuner, using: rng)
    return try trackVideos(
      { .energy(models[$0].model, inference) }, validation: false, setupSeconds: { models[$0].seconds }, using: rng)
  }

  /// The refinement inference to track with: `inference` with its steps scaled by the factor of
  /// highest AUC on the validation videos (ties: the smaller factor), or `inference` itself when
  /// it cannot scale its steps or there are no validation videos; also the chosen factor and
  /// its validation AUC (%). As `detection-photos` chooses its step: the paper's λ was tuned
  /// for a ResNet head, our energies' scales differ. With a `fineTuner` each validation video
  /// is tracked with the energy adapted to its frame 1, as the test videos are (adapted once,
  /// for every factor).
  public func chooseStepLength(
    _ model: TrainedEnergy, inference: any EnergyInference, fineTuner: FineTuner? = nil, using rng: RandomGenerator
  ) throws -> (inference: any EnergyInference, factor: Double?, validationAUC: Double?) {
    guard validationSequences > 0, let scalable = inference as? any StepLengthScalableInference else { return (inference, nil, nil) }
    let models = try videoModels(model, validation: true, fineTuner: fineTuner, using: rng)
    var best: (inference: any EnergyInference, factor: Double, auc: Double)?
    for factor in stepFactors.sorted() {
      let candidate = scalable.scalingStepLengths(by: factor)
      let auc = try trackVideos({ .energy(models[$0].model, candidate) }, validation: true, using: rng).scores.auc
      if best == nil || auc > best!.auc { best = (candidate, factor, auc) }
    }
    return (best!.inference, best!.factor, best!.auc)
  }

  /// Runs the tracker over every test (or validation) video, video `index` refined by
  /// `refinement(index)` and `setupSeconds(index)` added to its time (adaptation); each video's
  /// jitter from its own stream of `rng`.
  func trackVideos(
    _ refinement: (Int) -> BoxTracker.Refinement, validation: Bool, setupSeconds: (Int) -> Double = { _ in 0 },
    using rng: RandomGenerator
  ) throws -> TrackingRun {
    var run = TrackingRun()
    let each = validation ? forEachValidationVideo : { try forEachVideo(train: false, $0) }
    try each { index, video in
      var sequenceRNG = rng.forked(stream: UInt64(index))
      var result = try tracker.track(
        frameCount: video.frames.count, frame: { video.frames[$0] }, initial: video.groundTruth[0],
        refinement: refinement(index), using: &sequenceRNG)
      result.seconds += setupSeconds(index)
      try run.add(
        result, sequence: "tracking-photos-\(validation ? "validation" : "test")-\(index + 1)", groundTruth: video.groundTruth,
        targetVisible: video.cover.map { $0 > 0 }, convention: .standard)
    }
    return run
  }

  /// How often (%) E ranks the true box of a pair below the crop's centred reference box, over
  /// the first `limit` pairs; `shuffled`: each pair's test crop replaced by the next pair's (its
  /// reference crop and y kept), which tells whether E reads the test image at all (unchanged
  /// figures: E learned a prior over u only).
  public func truthLower(_ model: TrainedEnergy, pairs: Dataset, limit: Int = .max, shuffled: Bool = false) -> Double? {
    guard var x = pairs.x else { return nil }
    let logR = Float(log(Double(cropSize) / context))
    var lower = 0
    var compared = 0
    let n = min(pairs.count, limit)
    if shuffled && n > 1 {
      let half = 3 * cropSize * cropSize
      var scalars = Array(x.scalars[0..<(n * 2 * half)])
      for i in 0..<n {
        let next = (i + 1) % n
        scalars.replaceSubrange((i * 2 + 1) * half..<(i * 2 + 2) * half, with: x.scalars[(next * 2 + 1) * half..<(next * 2 + 2) * half])
      }
      x = Tensor(shape: [n] + Array(x.shape.dropFirst()), scalars: scalars)
    }
    for start in stride(from: 0, to: n, by: 32) {
      let end = min(n, start + 32)
      let batch = x.slice(alongAxis: 0, start..<end)
      var y: [Float] = []
      for i in start..<end { y += Array(pairs.y.scalars[(i * 4)..<(i * 4 + 4)]) + [1, 1, logR, logR] }
      let energies = model(x: batch, y: Tensor(shape: [end - start, 2, 4], scalars: y)).scalars
      for i in 0..<(end - start) {
        compared += 1
        if energies[2 * i] < energies[2 * i + 1] { lower += 1 }
      }
    }
    return compared > 0 ? 100 * Double(lower) / Double(compared) : nil
  }

  /// One refinement per test pair, without the tracker's feedback: the crop's centred
  /// reference box (the jittered truth) and 9 boxes jittered about it are refined as the tracker
  /// refines them; returns the mean IoU with the true box before and after.
  public func pairRefinement(
    _ model: TrainedEnergy, pairs: Dataset, inference: any EnergyInference, using rng: inout RandomGenerator
  ) throws -> (before: Double, after: Double)? {
    guard let x = pairs.x, pairs.count > 0 else { return nil }
    let r = Double(cropSize) / context
    let coordinates = RelativeBoxCoordinates(referenceWidth: r, referenceHeight: r)
    let reference = BoundingBox(centerX: r, centerY: r, width: r, height: r)
    var before = 0.0
    var after = 0.0
    let n = pairs.count
    for start in stride(from: 0, to: n, by: 32) {
      let end = min(n, start + 32)
      var initial: [Float] = []
      for _ in start..<end {
        initial += ([reference] + tracker.jittered(reference, using: &rng)).flatMap { coordinates.encode($0).map(Float.init) }
      }
      let u = try inference.infer(
        model, x: x.slice(alongAxis: 0, start..<end), initial: Tensor(shape: [end - start, initial.count / (4 * (end - start)), 4], scalars: initial),
        using: &rng
      ).scalars.map(Double.init)
      for i in start..<end {
        let truth = coordinates.decode(pairs.y.scalars[(i * 4)..<(i * 4 + 4)].map(Double.init))
        let refinedU = Array(u[((i - start) * 4)..<((i - start) * 4 + 4)])
        before += reference.iou(with: truth)
        after += refinedU.allSatisfy(\.isFinite) ? coordinates.decode(refinedU).iou(with: truth) : 0
      }
    }
    return (before / Double(n), after / Double(n))
  }

  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    guard let inference = context.inference else {
      throw EBMError.incompatible("tracking-photos refines boxes and needs an inference (gradient-ascent)")
    }
    var pairRNG = context.rng.forked(stream: 1 << 20)
    let pair = try pairRefinement(model, pairs: data.test, inference: inference, using: &pairRNG)
    var metrics = [
      Metric("truth_lower", truthLower(model, pairs: data.test), .higherIsBetter),
      Metric("truth_lower_shuffled", truthLower(model, pairs: data.test, shuffled: true), .higherIsBetter),
      Metric("truth_lower_train", truthLower(model, pairs: data.train, limit: 320), .higherIsBetter),
      Metric("pair_iou", pair?.after, .higherIsBetter), Metric("pair_iou_before", pair?.before, .higherIsBetter),
      Metric(
        "validation_rank_correlation", try validationRankCorrelation(model, using: context.rng.forked(stream: 1 << 22)),
        .higherIsBetter),
    ]
    if track {
      let chosen = try chooseStepLength(
        model, inference: inference, fineTuner: context.fineTuner, using: context.rng.forked(stream: 1 << 21))
      metrics =
        try trackTestVideos(.energy(model, chosen.inference), fineTuner: context.fineTuner, using: context.rng).metrics()
        + metrics + [
          Metric("step_factor", chosen.factor, .higherIsBetter), Metric("validation_auc", chosen.validationAUC, .higherIsBetter),
        ]
    }
    return metrics
  }
}
