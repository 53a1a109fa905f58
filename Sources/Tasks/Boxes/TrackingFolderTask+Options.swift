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
    /// The training half: `tracking-photos`' options, of which the folder task offers
    /// ``trainingOptionNames`` (declared once, there, with their defaults).
    public var training = TrackingPhotosTask.Options()

    /// The `tracking-photos` options `tracking-folder` takes for its training videos, its
    /// refinement starts and the choice of its step on validation videos.
    public static let trainingOptionNames: Set<String> = [
      "crop-size", "train-sequences", "train-frames", "pairs-per-sequence", "data-seed", "refine-steps", "step-length",
      "augment", "textured-backgrounds", "starts", "start-position-jitter", "start-size-jitter", "size-feedback", "adapt-pairs",
      "adapt-epochs", "validation-sequences", "step-factors",
    ]

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .string("path", \.path, "the benchmark's root folder (required)"),
      .choice("format", \.format, "the folder's layout"),
      .int("max-sequences", \.maxSequences, "sequences tracked, in the reader's order (0: all)", range: 0...1_000_000),
      .int("max-frames", \.maxFrames, "frames tracked per sequence, from the first (0: all)", range: 0...10_000_000),
    ]
      + TrackingPhotosTask.Options.fields.filter { trainingOptionNames.contains($0.name) }.map { $0.nested(in: \.training) }

    public func validate(component: String) throws {
      try training.validate(component: component)
    }
  }

  /// The task with `options`.
  public init(_ options: Options) {
    self.init(
      photos: TrackingPhotosTask(options.training), path: options.path, format: options.format,
      maxSequences: options.maxSequences, maxFrames: options.maxFrames)
  }
}
