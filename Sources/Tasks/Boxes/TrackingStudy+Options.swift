import EBMProtocols

extension TrackingStudy {
  /// The options of `ebm study tracking` (video counts default to `tracking-photos`' own).
  public struct Options: TypedOptions, Equatable {
    /// Methods, in table order.
    public var methods = BoxRefinementMethod.defaultMethods
    /// Epochs per run (0: the task's default).
    public var epochs = 0
    /// Training videos.
    public var trainSequences = TrackingPhotosTask.Options().trainSequences
    /// Test videos.
    public var testSequences = TrackingPhotosTask.Options().testSequences
    /// Frames per test video.
    public var testFrames = TrackingPhotosTask.Options().testFrames

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .choices(
        "methods", \.methods, "methods (all: \(BoxRefinementMethod.allCases.map(\.rawValue).joined(separator: ", ")))"),
      .int("epochs", \.epochs, "epochs per run (0: the task's default)", range: 0...100_000),
      .int("train-sequences", \.trainSequences, "training videos", range: 1...100_000),
      .int("test-sequences", \.testSequences, "test videos", range: 1...100_000),
      .int("test-frames", \.testFrames, "frames per test video", range: 2...100_000),
    ]
  }

  /// The study with `options`.
  public init(_ options: Options) {
    self.init(
      methods: options.methods, epochs: options.epochs > 0 ? options.epochs : nil,
      taskOptions: [
        "train-sequences": .int(options.trainSequences), "test-sequences": .int(options.testSequences),
        "test-frames": .int(options.testFrames),
      ])
  }
}
