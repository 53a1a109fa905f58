import EBMProtocols

extension DetectionStudy {
  /// The options of `ebm study detection` (scene counts default to `detection-photos`' own).
  public struct Options: TypedOptions, Equatable {
    /// Methods, in table order.
    public var methods = BoxRefinementMethod.defaultMethods
    /// Epochs per run (0: the task's default).
    public var epochs = 0
    /// Training scenes.
    public var trainScenes = DetectionPhotosTask.Options().trainScenes
    /// Test scenes.
    public var testScenes = DetectionPhotosTask.Options().testScenes
    /// The validation grid of step factors (`detection-photos`' `step-factors`).
    public var stepFactors = DetectionPhotosTask.Options().stepFactors

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .choices(
        "methods", \.methods, "methods (all: \(BoxRefinementMethod.allCases.map(\.rawValue).joined(separator: ", ")))"),
      .int("epochs", \.epochs, "epochs per run (0: the task's default)", range: 0...100_000),
      .int("train-scenes", \.trainScenes, "training scenes", range: 1...1_000_000),
      .int("test-scenes", \.testScenes, "test scenes", range: 1...1_000_000),
      .floats(
        "step-factors", \.stepFactors, "multipliers of each method's refinement step tried on the validation scenes",
        range: 1e-6...1e6),
    ]
  }

  /// The study with `options`.
  public init(_ options: Options) {
    self.init(
      methods: options.methods, epochs: options.epochs > 0 ? options.epochs : nil,
      taskOptions: [
        "train-scenes": .int(options.trainScenes), "test-scenes": .int(options.testScenes),
        "step-factors": .doubleList(options.stepFactors.map(Double.init)),
      ])
  }
}
