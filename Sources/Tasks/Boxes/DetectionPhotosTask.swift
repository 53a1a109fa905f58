import EBMProtocols
import Foundation
import Tensors

/// `detection-photos`: refine a detector's boxes by gradient descent on a box energy
/// (Gustafsson et al., BMVC 2020, §4.2), on synthetic scenes composed from real photographs
/// (``DetectionScene``; training and test use disjoint photographs, ``PhotoLibrary``).
///
/// Each example is a ``BoxCrop`` of a scene around a reference box, x `[3, S, S]`, and the
/// target y = u of the true box in that crop. Training references are the true boxes perturbed
/// by the ``DetectorErrorModel`` (so the truth is not always centred), `referencesPerBox` per
/// object; test examples are the detector's boxes (false positives included). Evaluation
/// refines every test detection from u of its own box with the pipeline's inference and scores
/// the boxes before and after by COCO AP (``DetectionEvaluation``; the detector's scores are
/// kept, so any AP gain is localisation) and by the mean IoU of the true objects' detections.
///
/// Defaults follow the paper where it applies: NCE+ with M = 128, β = 0.1 and a three-component
/// Gaussian mixture σ = (0.075, 0.15, 0.3) in u; ML-IS and KLD-IS σ = (0.0375, 0.075, 0.15)
/// (KLD-IS label noise 0.0225); DSM σ = 0.075; ML-MCMC L = 8 Langevin steps of λ = 1e-5 in u
/// (the paper's detection config `mlmcmcL8`; its 1-D λ = 0.05 makes the loss fall without
/// bound on the box energy), with M = 16 chains (the paper 128; ours, for the cost); refinement T = 10, λ = (λ₀, λ₀, 4λ₀, 4λ₀),
/// η = 0.5, with the paper's per-method λ₀: 8e-4 for NCE+, 4e-4 for NCE, ML-IS and KLD-IS,
/// 2.5e-5 for ML-MCMC and DSM (all relative to the `step-length` option). The network is trained from scratch (the paper fine-tunes a ResNet head),
/// with Adam 1e-3.
///
/// **Step length chosen on validation photographs.** The paper's λ was tuned for its ResNet
/// head on COCO. When the inference can scale its steps (``StepLengthScalableInference``),
/// evaluation first refines the detections of `validationScenes` scenes composed from
/// photographs held out of training and disjoint from the test ones
/// (``PhotoSplit/validation``), once per factor in `stepFactors`, and
/// refines the test detections with the factor of highest validation AP (ties: the smaller
/// factor). The test scenes never influence the choice.
public struct DetectionPhotosTask: LearningTask {
  /// Scene side in pixels.
  public var imageSize: Int
  /// Crop side S in pixels.
  public var cropSize: Int
  /// Training scenes.
  public var trainScenes: Int
  /// Test scenes.
  public var testScenes: Int
  /// Training crops per object.
  public var referencesPerBox: Int
  /// Seed of the scenes (fixed across run seeds; seeds vary initialisation, batches, proposals).
  public var dataSeed: UInt64
  /// T, refinement steps of the EBM methods.
  public var refinementSteps: Int
  /// NCE+ λ₀ of the centre coordinates; the size coordinates take 4 λ₀ (the paper: 8e-4, 3.2e-3); other objectives take the paper's ratios.
  public var refinementStepLength: Double
  /// Test scenes from the training photographs (new scenes): measures the gap between photographs.
  public var testOnTrainingPhotos: Bool
  /// Mirror and colour-jitter the backgrounds and objects of the training scenes.
  public var augment: Bool
  /// Validation scenes for choosing the step length (0: use the inference's step as given).
  public var validationScenes: Int
  /// Candidate multipliers of the inference's step lengths, tried on the validation scenes.
  public var stepFactors: [Float]
  /// How many times the reference box a crop covers.
  public var context: Double { 2 }

  /// The task; each default is the option's (``Options``).
  public init(
    imageSize: Int = Options().imageSize, cropSize: Int = Options().cropSize, trainScenes: Int = Options().trainScenes,
    testScenes: Int = Options().testScenes, referencesPerBox: Int = Options().referencesPerBox,
    dataSeed: UInt64 = UInt64(Options().dataSeed), refinementSteps: Int = Options().refineSteps,
    refinementStepLength: Double = Options().stepLength, testOnTrainingPhotos: Bool = Options().testOnTrainingPhotos,
    augment: Bool = Options().augment, validationScenes: Int = Options().validationScenes,
    stepFactors: [Float] = Options().stepFactors
  ) {
    precondition(!stepFactors.isEmpty && stepFactors.allSatisfy { $0 > 0 }, "detection-photos: step factors must be positive")
    self.augment = augment
    self.validationScenes = validationScenes
    self.stepFactors = stepFactors
    self.imageSize = imageSize
    self.cropSize = cropSize
    self.trainScenes = trainScenes
    self.testScenes = testScenes
    self.referencesPerBox = referencesPerBox
    self.dataSeed = dataSeed
    self.refinementSteps = refinementSteps
    self.refinementStepLength = refinementStepLength
    self.testOnTrainingPhotos = testOnTrainingPhotos
  }

  public var energyKind: EnergyKind { .conditional(inputShape: [3, cropSize, cropSize], outputDimension: 4) }

  public var defaults: TaskDefaults {
    let nceProposal = ComponentReference("gmm", options: ["stds": .doubleList([0.075, 0.15, 0.3])])
    let isProposal = ComponentReference("gmm", options: ["stds": .doubleList([0.0375, 0.075, 0.15])])
    return TaskDefaults(
      architecture: ComponentReference("box-energy", options: ["crop-size": .int(cropSize)]),
      objective: ComponentReference("nce+", options: ["samples": .int(128), "beta": .double(0.1)]),
      sampler: nceProposal, optimizer: ComponentReference("adam", options: ["lr": .double(1e-3)]), epochs: 8,
      batchSize: 32,
      objectiveOverrides: [
        "nce+": ["samples": .int(128), "beta": .double(0.1)],
        "nce": ["samples": .int(128)],
        "ml-is": ["samples": .int(128)],
        "kld-is": ["samples": .int(128), "label-sigma": .double(0.0225)],
        "ml-mcmc": ["samples": .int(16), "steps": .int(8), "lambda": .double(1e-5)],
        "dsm": ["sigma": .double(0.075), "samples": .int(16)],
        "iou-regression": ["samples": .int(128), "reference-size": .double(Double(cropSize) / context)],
      ],
      samplerForObjective: [
        "nce+": nceProposal, "nce": nceProposal, "ml-is": isProposal, "kld-is": isProposal, "iou-regression": nceProposal,
      ],
      evaluationInference: refinement(stepLength: refinementStepLength),
      inferenceForObjective: [
        // The paper's per-method λ (its COCO validation configs), relative to NCE+'s 8e-4.
        "nce": refinement(stepLength: refinementStepLength / 2),
        "ml-is": refinement(stepLength: refinementStepLength / 2),
        "kld-is": refinement(stepLength: refinementStepLength / 2),
        "ml-mcmc": refinement(stepLength: refinementStepLength / 32),
        "dsm": refinement(stepLength: refinementStepLength / 32),
        // Direct regression: E = ½‖u − g(x)‖², one step of length 1 lands on g(x).
        "energy": ComponentReference("gradient-ascent", options: ["steps": .int(1), "step-length": .double(1)]),
        // IoU-Net: ascent on the predicted IoU (values in [0, 1], so larger steps than on f).
        "iou-regression": ComponentReference(
          "gradient-ascent", options: ["steps": .int(10), "step-length": .double(0.02), "decay": .double(0.5)]),
      ])
  }

  /// Gradient descent on E with λ = (λ₀, λ₀, 4λ₀, 4λ₀), T steps, η = 0.5 (the paper's refinement).
  func refinement(stepLength: Double) -> ComponentReference {
    ComponentReference(
      "gradient-ascent",
      options: [
        "steps": .int(refinementSteps), "step-length": .double(stepLength), "step-scales": .doubleList([1, 1, 4, 4]),
        "decay": .double(0.5),
      ])
  }

  /// The scenes of one split, from the task's own generator.
  public func scenes(train: Bool) throws -> [DetectionScene] {
    try composeScenes(
      train || testOnTrainingPhotos ? .training : .test, count: train ? trainScenes : testScenes, stream: train ? 1 : 2,
      augment: train && augment)
  }

  /// The validation scenes: from the held-out validation photographs, never augmented.
  public func validationSceneList() throws -> [DetectionScene] {
    try composeScenes(.validation, count: validationScenes, stream: 4, augment: false)
  }

  func composeScenes(_ split: PhotoSplit, count: Int, stream: UInt64, augment: Bool) throws -> [DetectionScene] {
    let (backgroundPhotos, objectPhotos) = try PhotoLibrary.photos(split)
    var rng = RandomGenerator(seed: dataSeed).forked(stream: stream)
    return (0..<count).map { _ in
      let background = backgroundPhotos[rng.uniformInt(below: backgroundPhotos.count)]
      return DetectionScene.generate(
        background: background, objectPhotos: objectPhotos, size: imageSize, augment: augment, using: &rng)
    }
  }

  /// The inference to refine the test boxes with: `inference` with its steps scaled by the
  /// factor of highest validation AP (ties: the smaller factor), or `inference` itself when it
  /// cannot scale its steps or there are no validation scenes. Also the chosen factor and its
  /// validation AP (%).
  public func chooseStepLength(
    _ model: TrainedEnergy, inference: any EnergyInference, using rng: inout RandomGenerator
  ) throws -> (inference: any EnergyInference, factor: Double?, validationAP: Double?) {
    guard validationScenes > 0, let scalable = inference as? any StepLengthScalableInference else { return (inference, nil, nil) }
    let scenes = try validationSceneList()
    var best: (inference: any EnergyInference, factor: Double, ap: Double)?
    for factor in stepFactors.map(Double.init).sorted() {
      let candidate = scalable.scalingStepLengths(by: factor)
      let (refined, _) = try refine(model, scenes: scenes, inference: candidate, using: &rng)
      let ap = 100 * Self.scores(scenes, boxes: refined).0.ap
      if best == nil || ap > best!.ap { best = (candidate, factor, ap) }
    }
    return (best!.inference, best!.factor, best!.ap)
  }

  /// The crops and targets of a list of (scene, reference, truth).
  func dataset(_ examples: [(image: Photo, reference: BoundingBox, truth: BoundingBox)]) -> Dataset {
    var x: [Float] = []
    var y: [Float] = []
    x.reserveCapacity(examples.count * 3 * cropSize * cropSize)
    for example in examples {
      let crop = BoxCrop(reference: example.reference, context: context, size: cropSize)
      x += crop.pixels(of: example.image)
      y += crop.encode(example.truth).map(Float.init)
    }
    return Dataset(
      x: Tensor(shape: [examples.count, 3, cropSize, cropSize], scalars: x), y: Tensor(shape: [examples.count, 4], scalars: y))
  }

  /// Test examples: every detection, with the true box it was made from (a false positive's
  /// target is the box of highest IoU, or itself).
  func testExamples(_ scenes: [DetectionScene]) -> [(image: Photo, reference: BoundingBox, truth: BoundingBox)] {
    scenes.flatMap { scene in
      scene.detections.enumerated().map { index, detection in
        let truth = index < scene.groundTruth.count
          ? scene.groundTruth[index]
          : scene.groundTruth.max { detection.box.iou(with: $0) < detection.box.iou(with: $1) }
            .flatMap { detection.box.iou(with: $0) > 0 ? $0 : nil } ?? detection.box
        return (scene.image, detection.box, truth)
      }
    }
  }

  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    var jitter = RandomGenerator(seed: dataSeed).forked(stream: 3)
    var errors = DetectorErrorModel()
    errors.maxFalsePositives = 0
    var train: [(image: Photo, reference: BoundingBox, truth: BoundingBox)] = []
    for scene in try scenes(train: true) {
      for truth in scene.groundTruth {
        for _ in 0..<referencesPerBox {
          let reference = errors.detections(for: [truth], imageSize: Double(imageSize), using: &jitter)[0].box
          train.append((scene.image, reference, truth))
        }
      }
    }
    return TaskData(train: dataset(train), test: dataset(testExamples(try scenes(train: false))))
  }

  /// The detections of every test scene before and after refinement, with the seconds spent.
  public func refine(
    _ model: TrainedEnergy, scenes: [DetectionScene], inference: any EnergyInference, using rng: inout RandomGenerator
  ) throws -> (refined: [[BoundingBox]], seconds: Double) {
    var refined: [[BoundingBox]] = []
    var seconds = 0.0
    for scene in scenes {
      let crops = scene.detections.map { BoxCrop(reference: $0.box, context: context, size: cropSize) }
      guard !crops.isEmpty else {
        refined.append([])
        continue
      }
      let x = Tensor(shape: [crops.count, 3, cropSize, cropSize], scalars: crops.flatMap { $0.pixels(of: scene.image) })
      let initial = Tensor(
        shape: [crops.count, 4], scalars: zip(crops, scene.detections).flatMap { $0.encode($1.box).map(Float.init) })
      let start = DispatchTime.now().uptimeNanoseconds
      let u = try inference.infer(model, x: x, initial: initial, using: &rng)
      seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      refined.append(crops.enumerated().map { i, crop in crop.decode((0..<4).map { Double(u.scalars[i * 4 + $0]) }) })
    }
    return (refined, seconds)
  }

  /// AP and mean IoU of `boxes` (one per detection, in order) on `scenes`.
  static func scores(_ scenes: [DetectionScene], boxes: [[BoundingBox]]) -> (DetectionEvaluation.Scores, meanIoU: Double) {
    var images: [DetectionEvaluation.Image] = []
    var ious: [Double] = []
    for (scene, sceneBoxes) in zip(scenes, boxes) {
      let detections = zip(scene.detections, sceneBoxes).map { DetectionEvaluation.Detection(box: $1, score: $0.score) }
      images.append(.init(groundTruth: scene.groundTruth.map { .init(box: $0) }, detections: detections))
      for (truth, box) in zip(scene.groundTruth, sceneBoxes) { ious.append(box.iou(with: truth)) }
    }
    return (DetectionEvaluation.evaluate(images), ious.isEmpty ? .nan : ious.reduce(0, +) / Double(ious.count))
  }

  /// Whether a (truth, detection) pair differs (a detection equal to its truth ranks nothing).
  func pair(_ p: (BoundingBox, BoundingBox)) -> Bool { p.0 != p.1 }

  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    guard let given = context.inference else {
      throw EBMError.incompatible("detection-photos refines boxes and needs an inference (gradient-ascent)")
    }
    let (inference, factor, validationAP) = try chooseStepLength(model, inference: given, using: &context.rng)
    context.inference = inference  // the pictures show the refinement that was scored
    let scenes = try scenes(train: false)
    let (before, iouBefore) = Self.scores(scenes, boxes: scenes.map { $0.detections.map(\.box) })
    let (refined, seconds) = try refine(model, scenes: scenes, inference: inference, using: &context.rng)
    let (after, iouAfter) = Self.scores(scenes, boxes: refined)
    let boxCount = scenes.reduce(0) { $0 + $1.detections.count }
    // Does the energy rank the true box below the detector's? (true objects only)
    var lower = 0
    var compared = 0
    for scene in scenes where !scene.groundTruth.isEmpty {
      let pairs = zip(scene.groundTruth, scene.detections).map { ($0, $1.box) }
      let crops = pairs.map { BoxCrop(reference: $0.1, context: self.context, size: cropSize) }
      let x = Tensor(shape: [crops.count, 3, cropSize, cropSize], scalars: crops.flatMap { $0.pixels(of: scene.image) })
      let y = zip(crops, pairs).flatMap { crop, pair in (crop.encode(pair.0) + crop.encode(pair.1)).map(Float.init) }
      let energies = model(x: x, y: Tensor(shape: [crops.count, 2, 4], scalars: y)).scalars
      for i in crops.indices where pair(pairs[i]) {
        compared += 1
        if energies[2 * i] < energies[2 * i + 1] { lower += 1 }
      }
    }
    return [
      Metric("ap", 100 * after.ap, .higherIsBetter), Metric("ap50", 100 * after.ap50, .higherIsBetter),
      Metric("ap75", 100 * after.ap75, .higherIsBetter), Metric("iou", iouAfter, .higherIsBetter),
      Metric("ap_before", 100 * before.ap, .higherIsBetter), Metric("ap50_before", 100 * before.ap50, .higherIsBetter),
      Metric("ap75_before", 100 * before.ap75, .higherIsBetter), Metric("iou_before", iouBefore, .higherIsBetter),
      Metric("ms_per_box", 1000 * seconds / Double(max(boxCount, 1)), .lowerIsBetter),
      Metric("truth_lower", compared > 0 ? 100 * Double(lower) / Double(compared) : nil, .higherIsBetter),
      Metric("step_factor", factor, .higherIsBetter), Metric("ap_validation", validationAP, .higherIsBetter),
    ]
  }
}
