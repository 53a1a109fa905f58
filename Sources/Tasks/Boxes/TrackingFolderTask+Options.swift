import EBMProtocols

extension TrackingFolderTask {
  /// The options of `tracking-folder`: the folder, and the training settings of `tracking-photos`.
  public struct Options: TypedOptions, Equatable {
    /// The benchmark's root folder.
    public var path = ""
    /// Its layout.
    public var format: TrackingBenchmarkReader.Format = .got10k
    /// Sequences tracked (0: all).
    public var maxSequences: Int = 0
    /// Frames tracked per sequence (0: all).
    public var maxFrames: Int = 0
    /// Crop side S in pixels (a multiple of 8).
    public var cropSize: Int = 64
    /// Training videos generated from the shipped photographs.
    public var trainSequences: Int = 24
    /// Frames per training video.
    public var trainFrames: Int = 40
    /// Training pairs per training video.
    public var pairsPerSequence: Int = 40
    /// Seed of the training videos and pairs.
    public var dataSeed: Int = 0
    /// T, refinement steps.
    public var refineSteps: Int = 10
    /// λ₀ of the box centre (the size takes 4 λ₀).
    public var stepLength: Double = 8e-4

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .string("path", \.path, "the benchmark's root folder (required)"),
      .choice("format", \.format, "the folder's layout"),
      .int("max-sequences", \.maxSequences, "sequences tracked, in the reader's order (0: all)", range: 0...1_000_000),
      .int("max-frames", \.maxFrames, "frames tracked per sequence, from the first (0: all)", range: 0...10_000_000),
      .int("crop-size", \.cropSize, "crop side S in pixels (a multiple of 8)", range: 16...1024),
      .int("train-sequences", \.trainSequences, "training videos generated from the shipped photographs", range: 1...100_000),
      .int("train-frames", \.trainFrames, "frames per training video", range: 2...100_000),
      .int("pairs-per-sequence", \.pairsPerSequence, "(reference frame, test frame) training pairs per video", range: 1...100_000),
      .int("data-seed", \.dataSeed, "seed of the training videos and pairs", range: 0...Double(Int32.max)),
      .int("refine-steps", \.refineSteps, "T, refinement steps (the paper: 10)", range: 0...10_000),
      .double("step-length", \.stepLength, "λ₀ of the box centre; the size takes 4 λ₀ (the paper: 8e-4)", range: 1e-9...1e3),
    ]

    public func validate(component: String) throws {
      guard cropSize % 8 == 0 else {
        throw EBMError.invalidOption(component: component, option: "crop-size", reason: "must be a multiple of 8, got \(cropSize)")
      }
    }
  }

  /// The task with `options`.
  public init(_ options: Options) {
    self.init(
      photos: TrackingPhotosTask(
        cropSize: options.cropSize, trainSequences: options.trainSequences, trainFrames: options.trainFrames,
        pairsPerSequence: options.pairsPerSequence, dataSeed: UInt64(options.dataSeed), refinementSteps: options.refineSteps,
        refinementStepLength: options.stepLength),
      path: options.path, format: options.format, maxSequences: options.maxSequences, maxFrames: options.maxFrames)
  }
}
