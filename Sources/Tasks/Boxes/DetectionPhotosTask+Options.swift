import EBMProtocols

extension DetectionPhotosTask {
  /// The options of `detection-photos`.
  public struct Options: TypedOptions, Equatable {
    /// Scene side in pixels.
    public var imageSize: Int = 128
    /// Crop side S in pixels (a multiple of 8).
    public var cropSize: Int = 64
    /// Training scenes.
    public var trainScenes: Int = 300
    /// Test scenes.
    public var testScenes: Int = 100
    /// Training crops per object.
    public var referencesPerBox: Int = 2
    /// Seed of the scenes.
    public var dataSeed: Int = 0
    /// T, refinement steps (the paper: 10).
    public var refineSteps: Int = 10
    /// λ₀ of the box centre for NCE+ (the paper: 8e-4; the size takes 4 λ₀); NCE, ML-IS and
    /// KLD-IS take λ₀/2, ML-MCMC and DSM λ₀/32 (the paper's per-method ratios).
    public var stepLength: Double = 8e-4
    /// Test scenes from the training photographs.
    public var testOnTrainingPhotos = false
    /// Mirror and colour-jitter the training scenes' backgrounds and objects.
    public var augment = true
    /// Validation scenes for choosing the step length (0: keep `step-length`).
    public var validationScenes: Int = 50
    /// Candidate multipliers of λ₀ tried on the validation scenes.
    public var stepFactors: [Float] = [0.03125, 0.0625, 0.125, 0.25, 0.5, 1]

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("image-size", \.imageSize, "scene side in pixels", range: 32...4096),
      .int("crop-size", \.cropSize, "crop side S in pixels (a multiple of 8)", range: 16...1024),
      .int("train-scenes", \.trainScenes, "training scenes", range: 1...1_000_000),
      .int("test-scenes", \.testScenes, "test scenes", range: 1...1_000_000),
      .int(
        "references-per-box", \.referencesPerBox,
        "training crops per object (references jittered by the detector error model)", range: 1...1000),
      .int("data-seed", \.dataSeed, "seed of the scenes (fixed across run seeds)", range: 0...Double(Int32.max)),
      .int("refine-steps", \.refineSteps, "T, refinement steps of the EBM methods (the paper: 10)", range: 0...10_000),
      .double(
        "step-length", \.stepLength,
        "NCE+ λ₀ of the box centre; the size takes 4 λ₀ (the paper: 8e-4; NCE, ML-IS, KLD-IS λ₀/2; ML-MCMC, DSM λ₀/32)",
        range: 1e-9...1e3),
      .bool(
        "test-on-training-photos", \.testOnTrainingPhotos,
        "compose the test scenes from the training photographs (measures the gap)"),
      .bool("augment", \.augment, "mirror and colour-jitter the training scenes' backgrounds and objects"),
      .int(
        "validation-scenes", \.validationScenes,
        "scenes from held-out photographs on which the step length is chosen (0: keep step-length)", range: 0...1_000_000),
      .floats(
        "step-factors", \.stepFactors,
        "multipliers of the refinement step tried on the validation scenes; the best validation AP wins",
        range: 1e-6...1e6),
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
      imageSize: options.imageSize, cropSize: options.cropSize, trainScenes: options.trainScenes,
      testScenes: options.testScenes, referencesPerBox: options.referencesPerBox, dataSeed: UInt64(options.dataSeed),
      refinementSteps: options.refineSteps, refinementStepLength: options.stepLength,
      testOnTrainingPhotos: options.testOnTrainingPhotos, augment: options.augment,
      validationScenes: options.validationScenes, stepFactors: options.stepFactors)
  }
}
