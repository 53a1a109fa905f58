import EBMProtocols

extension TaskRegistration {
  static func registerBoxes(in registry: inout Registry) {
    let detectionOptions: [OptionSpec] = [
      .int("image-size", 128, "scene side in pixels", range: 32...4096),
      .int("crop-size", 64, "crop side S in pixels (a multiple of 8)", range: 16...1024),
      .int("train-scenes", 300, "training scenes", range: 1...1_000_000),
      .int("test-scenes", 100, "test scenes", range: 1...1_000_000),
      .int("references-per-box", 2, "training crops per object (references jittered by the detector error model)", range: 1...1000),
      .int("data-seed", 0, "seed of the scenes (fixed across run seeds)", range: 0...Double(Int32.max)),
      .int("refine-steps", 10, "T, refinement steps of the EBM methods (the paper: 10)", range: 0...10_000),
      .double("step-length", 8e-4, "λ₀ of the box centre; the size takes 4 λ₀ (the paper: 8e-4)", range: 1e-9...1e3),
      .bool("test-on-training-photos", false, "compose the test scenes from the training photographs (measures the gap)"),
    ]
    registry.tasks.register(
      name: "detection-photos",
      summary: "Refine a simulated detector's boxes on scenes composed from real photographs (Gustafsson et al. 2020, §4.2)",
      details: """
        Objects cut out of photographs by irregular masks are pasted on a crop of another (1–5 per scene, partial \
        overlap); the detector's boxes are the truth perturbed in u (DetectorErrorModel). Training and test use \
        disjoint photographs. Metrics: COCO AP, AP50, AP75 and the mean IoU of the boxes after and before refinement.
        """,
      options: detectionOptions
    ) { options, _ in
      guard options.int("crop-size") % 8 == 0 else {
        throw EBMError.invalidOption(component: "detection-photos", option: "crop-size", reason: "must be a multiple of 8")
      }
      return DetectionPhotosTask(
        imageSize: options.int("image-size"), cropSize: options.int("crop-size"), trainScenes: options.int("train-scenes"),
        testScenes: options.int("test-scenes"), referencesPerBox: options.int("references-per-box"),
        dataSeed: UInt64(options.int("data-seed")), refinementSteps: options.int("refine-steps"),
        refinementStepLength: options.double("step-length"), testOnTrainingPhotos: options.bool("test-on-training-photos"))
    }
    registry.studies.register(
      name: "detection",
      summary: "Box refinement on detection-photos: none, direct regression, IoU-Net and the EBM objectives (Gustafsson et al. 2020)",
      details: "Table: AP, AP50, AP75, mean IoU after and before refinement, training seconds, ms per refined box.",
      options: [
        OptionSpec(
          "methods", .stringList(DetectionStudy.allMethods), default: .stringList(DetectionStudy.defaultMethods),
          "methods (all: \(DetectionStudy.allMethods.joined(separator: ", ")))"),
        .int("epochs", 0, "epochs per run (0: the task's default)", range: 0...100_000),
        .int("train-scenes", 300, "training scenes", range: 1...1_000_000),
        .int("test-scenes", 100, "test scenes", range: 1...1_000_000),
      ]
    ) { options, _ in
      let epochs = options.int("epochs")
      return DetectionStudy(
        methods: options.strings("methods"), epochs: epochs == 0 ? nil : epochs,
        taskOptions: ["train-scenes": .int(options.int("train-scenes")), "test-scenes": .int(options.int("test-scenes"))])
    }
  }
}
