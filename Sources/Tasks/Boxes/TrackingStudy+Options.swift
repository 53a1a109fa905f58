import EBMProtocols

extension TrackingStudy {
  /// The options of `ebm study tracking`.
  public struct Options: TypedOptions, Equatable {
    /// Methods, in table order.
    public var methods = TrackingStudy.defaultMethods
    /// Epochs per run (0: the task's default).
    public var epochs = 0
    /// Training videos.
    public var trainSequences = 24
    /// Test videos.
    public var testSequences = 8
    /// Frames per test video.
    public var testFrames = 60

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .strings(
        "methods", \.methods, "methods (all: \(TrackingStudy.allMethods.joined(separator: ", ")))",
        allowed: TrackingStudy.allMethods),
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
