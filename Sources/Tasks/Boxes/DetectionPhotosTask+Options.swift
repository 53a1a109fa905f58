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
    /// λ₀ of the box centre (the paper: 8e-4; the size takes 4 λ₀).
    public var stepLength: Double = 8e-4
    /// Test scenes from the training photographs.
    public var testOnTrainingPhotos = false
    /// Mirror and colour-jitter the training scenes' backgrounds and objects.
    public var augment = true

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
        "step-length", \.stepLength, "λ₀ of the box centre; the size takes 4 λ₀ (the paper: 8e-4)", range: 1e-9...1e3),
      .bool(
        "test-on-training-photos", \.testOnTrainingPhotos,
        "compose the test scenes from the training photographs (measures the gap)"),
      .bool("augment", \.augment, "mirror and colour-jitter the training scenes' backgrounds and objects"),
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
      imageSize: options.imageSize, cropSize: options.cropSize, trainScenes: options.trainScenes,
      testScenes: options.testScenes, referencesPerBox: options.referencesPerBox, dataSeed: UInt64(options.dataSeed),
      refinementSteps: options.refineSteps, refinementStepLength: options.stepLength,
      testOnTrainingPhotos: options.testOnTrainingPhotos, augment: options.augment)
  }
}
