import EBMProtocols

extension TrackingPhotosTask {
  /// The options of `tracking-photos` (and the training half of `tracking-folder`).
  public struct Options: TypedOptions, Equatable {
    /// Frame side in pixels.
    public var frameSize: Int = 128
    /// Crop side S in pixels (a multiple of 8).
    public var cropSize: Int = 64
    /// Training videos.
    public var trainSequences: Int = 96
    /// Frames per training video.
    public var trainFrames: Int = 40
    /// Training pairs per training video.
    public var pairsPerSequence: Int = 10
    /// Test videos.
    public var testSequences: Int = 8
    /// Frames per test video.
    public var testFrames: Int = 60
    /// Seed of the videos and pairs.
    public var dataSeed: Int = 0
    /// T, refinement steps (the paper: 10).
    public var refineSteps: Int = 10
    /// λ₀ of the box centre (the size takes 4 λ₀).
    public var stepLength: Double = 8e-4
    /// Whether evaluation runs the tracker over the test videos.
    public var track = true
    /// Test videos from the training photographs.
    public var testOnTrainingPhotos = false
    /// Sanity setting: each pair's reference frame is its test frame.
    public var sameFrame = false
    /// Whether the training videos mirror and colour-jitter their photographs.
    public var augment = true
    /// The share of training videos whose background is a procedural texture.
    public var texturedBackgrounds = 1.0
    /// σ of the test crop's log-size jitter.
    public var scaleJitter = 0.25
    /// The test crop's centre jitter factor.
    public var centerJitter = 0.5
    /// Jittered starts beside the coarse box.
    public var starts = 9
    /// Centre jitter of the starts, in units of √(wh) (PrDiMP: 0.1).
    public var startPositionJitter = 0.05
    /// Size jitter of the starts, in units of √(wh) (PrDiMP: 0.5).
    public var startSizeJitter = 0.25
    /// γ, the share of the refined log size change kept.
    public var sizeUpdate = 1.0
    /// Whether the refined box is the next frame's previous box.
    public var feedback = false
    /// ρ, the share of the refined log size change carried into the next search (feedback false);
    /// 0.04 chosen on validation videos (docs/boxes.md).
    public var sizeFeedback = 0.04
    /// Refine only frames whose coarse NCC peak is below this (0: every frame).
    public var confidenceGate = 0.0
    /// First-frame adaptation: pairs of frame 1 each video's energy is fine-tuned on (0: off).
    public var adaptPairs = 128
    /// First-frame adaptation: epochs over those pairs.
    public var adaptEpochs = 8
    /// Validation videos (from the validation photographs) on which the step length is chosen.
    public var validationSequences = 8
    /// Candidate multipliers of λ₀ tried on the validation videos: `detection-photos`' grid,
    /// 1/32 … 1.
    public var stepFactors = DetectionPhotosTask.Options().stepFactors

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("frame-size", \.frameSize, "frame side in pixels", range: 32...4096),
      .int("crop-size", \.cropSize, "crop side S in pixels (a multiple of 8)", range: 16...1024),
      .int("train-sequences", \.trainSequences, "training videos (photographs disjoint from the test videos')", range: 1...100_000),
      .int("train-frames", \.trainFrames, "frames per training video", range: 2...100_000),
      .int("pairs-per-sequence", \.pairsPerSequence, "(reference frame, test frame) training pairs per video", range: 1...100_000),
      .int("test-sequences", \.testSequences, "test videos the tracker runs on", range: 1...100_000),
      .int("test-frames", \.testFrames, "frames per test video", range: 2...100_000),
      .int("data-seed", \.dataSeed, "seed of the videos and pairs (fixed across run seeds)", range: 0...Double(Int32.max)),
      .int("refine-steps", \.refineSteps, "T, refinement steps of the EBM methods (the paper: 10)", range: 0...10_000),
      .double("step-length", \.stepLength, "λ₀ of the box centre; the size takes 4 λ₀ (the paper: 8e-4)", range: 1e-9...1e3),
      .bool("track", \.track, "run the tracker over the test videos in evaluation (false: only truth_lower)"),
      .bool(
        "test-on-training-photos", \.testOnTrainingPhotos,
        "compose the test videos from the training photographs (new videos; measures the gap)"),
      .bool("augment", \.augment, "mirror and colour-jitter each training video's target and background (greyscale included)"),
      .double(
        "textured-backgrounds", \.texturedBackgrounds,
        "share of training videos whose background is a random procedural texture, not a photograph (domain randomisation)",
        range: 0...1),
      .bool(
        "same-frame", \.sameFrame,
        "sanity setting: each pair's reference frame is its test frame (a static target; the tracker is unchanged)"),
.double(
        "scale-jitter", \.scaleJitter,
        "σ of the training test crop's log-size jitter per axis (0 with center-jitter 0: the detector error model)", range: 0...2),
      .double("center-jitter", \.centerJitter, "training test crop's centre jitter U(±½ f √(wh)) per axis", range: 0...10),
      .int("starts", \.starts, "jittered starts refined beside the coarse box (PrDiMP: 9)", range: 0...1000),
      .double(
        "start-position-jitter", \.startPositionJitter, "the starts' centre jitter U(±½ f √(wh)) per axis (PrDiMP: 0.1)",
        range: 0...10),
      .double("start-size-jitter", \.startSizeJitter, "the starts' size jitter U(±½ f √(wh)) per side (PrDiMP: 0.5)", range: 0...10),
      .bool("feedback", \.feedback, "the refined box is the next frame's previous box (PrDiMP: true; default false: the coarse step follows its own boxes)"),
      .double(
        "size-update", \.sizeUpdate, "γ: share of the refined box's log size change the tracker keeps (PrDiMP: 1)", range: 0...1),
      .double(
        "size-feedback", \.sizeFeedback,
        "ρ: share of the refined box's log size change carried into the next frame's search, centre from the coarse step (feedback=false; 0: the search keeps frame 1's size)",
        range: 0...1),
      .int(
        "adapt-pairs", \.adaptPairs,
        "first-frame adaptation: jittered crops of frame 1's box each video's energy is fine-tuned on, with the method's own objective (0: off)",
        range: 0...100_000),
      .int("adapt-epochs", \.adaptEpochs, "first-frame adaptation: epochs over those pairs", range: 0...10_000),
      .double(
        "confidence-gate", \.confidenceGate,
        "refine only frames whose coarse step's NCC peak is below this (0: refine every frame)", range: 0...1),
      .int(
        "validation-sequences", \.validationSequences,
        "videos from the validation photographs on which the step length is chosen (0: keep step-length)", range: 0...100_000),
      .floats(
        "step-factors", \.stepFactors,
        "multipliers of the refinement step tried on the validation videos; the best validation AUC wins", range: 1e-6...1e6),
    ]

    public func validate(component: String) throws {
      guard cropSize % 8 == 0 else {
        throw EBMError.invalidOption(component: component, option: "crop-size", reason: "must be a multiple of 8, got \(cropSize)")
      }
      guard !stepFactors.isEmpty else {
        throw EBMError.invalidOption(component: component, option: "step-factors", reason: "needs at least one factor, e.g. 1")
      }
    }
  }

  /// The task with `options`.
  public init(_ options: Options) {
    self.init(
      frameSize: options.frameSize, cropSize: options.cropSize, trainSequences: options.trainSequences,
      trainFrames: options.trainFrames, pairsPerSequence: options.pairsPerSequence, testSequences: options.testSequences,
      testFrames: options.testFrames, dataSeed: UInt64(options.dataSeed), refinementSteps: options.refineSteps,
      refinementStepLength: options.stepLength, track: options.track,
      testOnTrainingPhotos: options.testOnTrainingPhotos)
    sameFrame = options.sameFrame
    augment = options.augment
    texturedBackgrounds = options.texturedBackgrounds
    jitteredStarts = options.starts
    startPositionJitter = options.startPositionJitter
    startSizeJitter = options.startSizeJitter
    scaleJitter = options.scaleJitter
    centerJitter = options.centerJitter
    sizeUpdateRate = options.sizeUpdate
    refinedFeedsBack = options.feedback
    validationSequences = options.validationSequences
    sizeFeedbackRate = options.sizeFeedback
    confidenceGate = options.confidenceGate
    adaptationPairs = options.adaptPairs
    adaptationEpochs = options.adaptEpochs
    stepFactors = options.stepFactors.map(Double.init)
  }
}
