import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing

/// `tracking-photos`, `tracking-folder` and `ebm study tracking`: data, options and their
/// errors, the folder task on folders written here, the study's figures.
@Suite struct TrackingTasksTests {
  static var registry: Registry {
    var registry = Registry()
    TaskRegistration.register(in: &registry)
    return registry
  }

  static let small = TrackingPhotosTask(
    frameSize: 64, cropSize: 16, trainSequences: 2, trainFrames: 5, pairsPerSequence: 3, testSequences: 1, testFrames: 4)

  @Test func pairsHaveTheTrackingShape() throws {
    var rng = RandomGenerator(seed: 0)
    let data = try Self.small.makeData(using: &rng)
    #expect(data.train.count == 6 && data.train.x!.shape == [6, 6, 16, 16] && data.train.y.shape == [6, 4])
    // Test pairs: frame 1 against each later frame with the target visible.
    let video = try Self.small.video(0, train: false)
    #expect(data.test.count == video.cover.dropFirst().filter { $0 > 0 }.count)
    // Targets lie near the crop's reference (1, 1, log 8, log 8): within the jitter.
    for row in 0..<data.train.count {
      let u = data.train.y.scalars[(row * 4)..<(row * 4 + 4)].map(Double.init)
      #expect(abs(u[0] - 1) < 1 && abs(u[1] - 1) < 1 && abs(u[2] - log(8.0)) < 1 && abs(u[3] - log(8.0)) < 1)
    }
    // The reference half of a pair is the reference frame's crop centred on its true box.
    var other = RandomGenerator(seed: 42)
    #expect(try Self.small.makeData(using: &other).train.x!.scalars == data.train.x!.scalars)
  }

  @Test func optionsAndTheirErrors() throws {
    let registry = Self.registry
    let task = try #require(
      try registry.tasks.make(ComponentReference("tracking-photos", options: ["test-frames": .int(30), "track": .bool(false)]))
        as? TrackingPhotosTask)
    #expect(task.testFrames == 30 && !task.track && task.energyKind == .conditional(inputShape: [6, 64, 64], outputDimension: 4))
    #expect(task.defaults.architecture.name == "box-energy-modulated")
    // The starts' jitter and the training augmentation reach the tracker and the video generator.
    #expect(task.tracker.positionJitter == 0.05 && task.tracker.sizeJitter == 0.25 && task.augment)
    let tuned = try #require(
      try registry.tasks.make(
        ComponentReference(
          "tracking-photos",
          options: ["start-position-jitter": .double(0.1), "start-size-jitter": .double(0.5), "augment": .bool(false)]))
        as? TrackingPhotosTask)
    #expect(tuned.tracker.positionJitter == 0.1 && tuned.tracker.sizeJitter == 0.5 && !tuned.augment)
    #expect(throws: EBMError.self) {
      try registry.tasks.make(ComponentReference("tracking-photos", options: ["start-size-jitter": .double(-1)]))
    }
    #expect(throws: EBMError.self) { try registry.tasks.make(ComponentReference("tracking-photos", options: ["crop-size": .int(60)])) }
    #expect(throws: EBMError.self) { try registry.tasks.make(ComponentReference("tracking-photos", options: ["frames": .int(3)])) }
    #expect(throws: EBMError.self) {
      try registry.tasks.make(ComponentReference("tracking-folder", options: ["format": .string("vot")]))
    }
    // Builds without a path (defaults), but refuses to train or track without one, naming the option.
    let folder = try #require(try registry.tasks.make(ComponentReference("tracking-folder")) as? TrackingFolderTask)
    var rng = RandomGenerator(seed: 0)
    do {
      _ = try folder.makeData(using: &rng)
      Issue.record("tracking-folder trained without a path")
    } catch let error as EBMError {
      #expect("\(error)".contains("path") && "\(error)".contains("tracking-folder:path="))
    }
    let missing = TrackingFolderTask(path: "/nonexistent-tracking-folder", format: .otb)
    #expect(throws: EBMError.self) { _ = try missing.sequences() }
  }

  /// A still 6-frame sequence (the target never moves) written in a layout.
  static func stillSequence() -> (frames: [Photo], truth: [BoundingBox]) {
    let frame = BoxTrackerTests.frame(targetX: 30, targetY: 44)
    return (Array(repeating: frame, count: 6), Array(repeating: BoundingBox(x: 30, y: 44, width: 20, height: 16), count: 6))
  }

  func scratchFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("swift-ebm-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A GOT-10k folder holding the still sequence as "still", its frame 4 absent (cover 0).
  func stillGOT10kFolder(_ name: String) throws -> URL {
    let (frames, truth) = Self.stillSequence()
    let got = try scratchFolder(name)
    try GOT10kWriter.writeSequence(
      name: "still", frames: frames.map(\.raster), groundTruth: truth, cover: [8, 8, 8, 0, 8, 8], to: got)
    try GOT10kWriter.writeList(["still"], to: got)
    return got
  }

  @Test func folderTaskTracksGOT10kAndOTBFolders() throws {
    let (frames, truth) = Self.stillSequence()
    let got = try stillGOT10kFolder("got10k")
    defer { try? FileManager.default.removeItem(at: got) }
    let gotRun = try TrackingFolderTask(path: got.path, format: .got10k).track(.none, using: RandomGenerator(seed: 0))
    // Frame 4 is absent (cover 0): overlap −1, never a success; the other five: IoU 1.
    #expect(gotRun.names == ["still"] && gotRun.trackedFrames == 5)
    #expect(abs(gotRun.scores.auc - 100 * (5.0 / 6) * (20.0 / 21)) < 1e-6)

    let otb = try scratchFolder("otb")
    defer { try? FileManager.default.removeItem(at: otb) }
    let images = otb.appendingPathComponent("Still/img")
    try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
    for (index, frame) in frames.enumerated() {
      try frame.raster.writePNG(to: images.appendingPathComponent(String(format: "%04d.png", index + 1)))
    }
    try Data(truth.map { "\(Int($0.x)),\(Int($0.y)),\(Int($0.width)),\(Int($0.height))" }.joined(separator: "\n").utf8)
      .write(to: otb.appendingPathComponent("Still/groundtruth_rect.txt"))
    let task = TrackingFolderTask(path: otb.path, format: .otb, maxFrames: 4)
    let otbRun = try task.track(.none, using: RandomGenerator(seed: 0))
    #expect(otbRun.trackedFrames == 3 && abs(otbRun.scores.auc - 100 * 20 / 21) < 1e-6)
    #expect(otbRun.metrics().map(\.name) == ["auc", "op50", "op75", "precision", "norm_precision", "fps", "size_ratio"])
    #expect(otbRun.sizeRatio == 1)
  }

  /// `tracking-folder` chooses its step on the validation videos too: with the inference that
  /// keeps the coarse box only at factor ¼, the folder's still sequence is tracked as without
  /// refinement (IoU 1 on the five valid frames), and the chosen factor is reported.
  @Test func folderTaskChoosesItsStepOnValidationVideos() throws {
    let got = try stillGOT10kFolder("got10k-step")
    defer { try? FileManager.default.removeItem(at: got) }
    var photos = Self.small
    photos.validationSequences = 2
    photos.stepFactors = [1, 0.25, 2]
    let task = TrackingFolderTask(photos: photos, path: got.path, format: .got10k)
    var context = EvaluationContext(rng: RandomGenerator(seed: 3), inference: ShiftCoarseBoxUnlessQuarter())
    let data = TaskData(train: Dataset(x: nil, y: Tensor.zeros([1, 4])), test: Dataset(x: nil, y: Tensor.zeros([1, 4])))
    let metrics = try task.evaluate(TrainedEnergy(energy: FlatTrackingEnergy(), parameters: [:]), on: data, context: &context)
    let value = { (name: String) in metrics.first { $0.name == name }?.value }
    #expect(value("step_factor") == 0.25)
    #expect(abs(value("auc")! - 100 * (5.0 / 6) * (20.0 / 21)) < 1e-6)
    // A flat energy orders no start: no frame counts, so no figure.
    #expect(metrics.contains { $0.name == "validation_rank_correlation" } && value("validation_rank_correlation") == nil)
  }

  @Test func studyGridAndFigures() throws {
    let study = TrackingStudy(methods: [.unrefined, .ncePlus])
    let runs = study.runs(seeds: [0, 1])
    #expect(runs.map { $0["method"]! } == ["none", "nce+", "nce+"])
    #expect(study.pipelineSpecs(for: runs[0]).isEmpty)
    let spec = try #require(study.pipelineSpecs(for: runs[1]).first)
    #expect(spec.task.name == "tracking-photos" && spec.task.options["track"] == .bool(false) && spec.objective?.name == "nce+")
    let success = TrackingEvaluation.overlapThresholds.map { 100 * (1 - $0) }
    let precision = TrackingEvaluation.centerThresholds.map { min(100, 5 * $0) }
    let records = [
      StudyRecord(labels: [.init("method", "none")], seed: 0, metrics: [], series: ["success": success, "precision": precision]),
      StudyRecord(labels: [.init("method", "nce+")], seed: 0, metrics: [], series: ["success": success, "precision": precision]),
    ]
    let figures = study.figures(records)
    #expect(figures.map(\.name) == ["success-plot", "precision-plot"])
    // The legend carries each method's AUC (mean of the curve: 50.0) and precision at 20 px (100.0).
    #expect(figures[0].svg.contains("none [50.0]") && figures[0].svg.contains("nce+ [50.0]"))
    #expect(figures[1].svg.contains("nce+ [100.0]"))
  }

  /// Validation videos come from the validation photographs, held out of training: coins on
  /// grass, both greyscale, so every pixel of every validation frame is grey, while the
  /// (unaugmented) training videos, whose photographs are mostly in colour, are not.
  @Test func validationVideosUseTheValidationPhotographs() throws {
    var task = Self.small
    task.validationSequences = 3
    task.augment = false
    func isGrey(_ frame: Photo) -> Bool {
      let rgb = frame.rgb
      for pixel in stride(from: 0, to: rgb.count, by: 3) where rgb[pixel] != rgb[pixel + 1] || rgb[pixel] != rgb[pixel + 2] {
        return false
      }
      return true
    }
    var validation = 0
    try task.forEachValidationVideo { _, video in
      validation += 1
      #expect(video.frames.allSatisfy(isGrey))
    }
    #expect(validation == 3)
    let training = try (0..<6).map { try task.video($0, train: true) }
    #expect(training.contains { !$0.frames.allSatisfy(isGrey) })
    // Textured backgrounds are for training videos only: a test video is the photographs' own.
    #expect(task.texturedBackgrounds == 1)
    let photographed = TrackingSequenceGenerator(frameSize: 64, frameCount: 4).video(
      index: 0, train: false, seed: task.dataSeed, photos: try PhotoLibrary.photos(.test))
    #expect(try task.video(0, train: false).frames == photographed.frames)
    #expect(PhotoLibrary.validationBackgrounds == ["grass"] && PhotoLibrary.validationObjects == ["coins"])
  }

  /// The task's pictures: four tracked test frames and frame 1 of the first training videos
  /// (here 2: the small task has 2), 2× zoom with 10-pixel margins, both written as PNGs that
  /// decode to that size.
  @Test func picturesShowTestAndTrainingFrames() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tracking-pictures-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var context = EvaluationContext(rng: RandomGenerator(seed: 0), inference: ShiftCoarseBoxUnlessQuarter())
    let model = TrainedEnergy(energy: FlatTrackingEnergy(), parameters: [:])
    var rng = RandomGenerator(seed: 0)
    let urls = try Self.small.drawPictures(
      model, data: try Self.small.makeData(using: &rng), context: &context, into: directory, prefix: "tracking")
    #expect(urls.map(\.lastPathComponent) == ["tracking-frames.png", "tracking-training-frames.png"])
    let (test, training) = (try Photo(contentsOf: urls[0]), try Photo(contentsOf: urls[1]))
    #expect(test.width == 4 * (2 * 64 + 10) + 10 && test.height == 2 * 64 + 20)
    #expect(training.width == 2 * (2 * 64 + 10) + 10 && training.height == 2 * 64 + 20)
  }

  /// Spearman's ρ against hand-computed values: equal orders 1, reversed −1, a tie sharing its
  /// mean rank (ranks 0, 1.5, 1.5, 3 against 0 … 3: 4.5 / √(4.5 · 5)), a constant input nil.
  @Test func rankCorrelationIsSpearmans() {
    #expect(TrackingPhotosTask.rankCorrelation([1, 2, 3], [10, 20, 30]) == 1)
    #expect(TrackingPhotosTask.rankCorrelation([1, 2, 3], [3, 2, 1]) == -1)
    let tied = TrackingPhotosTask.rankCorrelation([1, 2, 2, 3], [1, 2, 3, 4])!
    #expect(abs(tied - 4.5 / (4.5 * 5).squareRoot()) < 1e-12)
    #expect(TrackingPhotosTask.rankCorrelation([1, 1, 1], [1, 2, 3]) == nil)
    #expect(TrackingPhotosTask.rankCorrelation([1], [1]) == nil)
  }

  /// `validation_rank_correlation` reads E's order of the starts: a constant energy orders
  /// nothing (nil), and an energy and its negation give opposite figures.
  @Test func validationRankCorrelationReadsTheEnergysOrder() throws {
    var task = Self.small
    task.validationSequences = 2
    let flat = TrainedEnergy(energy: FlatTrackingEnergy(), parameters: [:])
    #expect(try task.validationRankCorrelation(flat, using: RandomGenerator(seed: 1)) == nil)
    let near = try task.validationRankCorrelation(
      TrainedEnergy(energy: DistanceToCoarseBoxEnergy(sign: 1), parameters: [:]), using: RandomGenerator(seed: 1))
    let far = try task.validationRankCorrelation(
      TrainedEnergy(energy: DistanceToCoarseBoxEnergy(sign: -1), parameters: [:]), using: RandomGenerator(seed: 1))
    #expect(near != nil && near != 0 && abs(near! + far!) < 1e-12)
    #expect((-1...1).contains(near!))
  }

  /// The step factor is chosen on validation videos: an inference that moves the coarse box
  /// right by |factor − ¼| box widths leaves it only at factor ¼, which must win over factors 1 and
  /// 2 (boxes ¾ and 1¾ widths off); without validation videos nothing is chosen.
  @Test func stepFactorChosenOnValidationVideos() throws {
    var task = Self.small
    task.validationSequences = 2
    task.stepFactors = [1, 0.25, 2]
    let model = TrainedEnergy(energy: FlatTrackingEnergy(), parameters: [:])
    let chosen = try task.chooseStepLength(model, inference: ShiftCoarseBoxUnlessQuarter(), using: RandomGenerator(seed: 1))
    #expect(chosen.factor == 0.25 && (chosen.inference as? ShiftCoarseBoxUnlessQuarter)?.factor == 0.25)
    var shifted = task
    shifted.stepFactors = [1]
    let worse = try shifted.chooseStepLength(model, inference: ShiftCoarseBoxUnlessQuarter(), using: RandomGenerator(seed: 1))
    #expect(worse.factor == 1 && worse.validationAUC! < chosen.validationAUC!)
    var none = task
    none.validationSequences = 0
    #expect(try none.chooseStepLength(model, inference: ShiftCoarseBoxUnlessQuarter(), using: RandomGenerator(seed: 1)).factor == nil)
    // The option parses into the task, and an empty grid is refused, naming the option.
    let parsed = try #require(
      try Self.registry.tasks.make(
        ComponentReference("tracking-photos", options: ["step-factors": .doubleList([0.5, 1]), "validation-sequences": .int(3)]))
        as? TrackingPhotosTask)
    #expect(parsed.stepFactors == [0.5, 1] && parsed.validationSequences == 3)
    do {
      _ = try Self.registry.tasks.make(ComponentReference("tracking-photos", options: ["step-factors": .doubleList([])]))
      Issue.record("an empty step-factors was accepted")
    } catch let error as EBMError {
      #expect("\(error)".contains("step-factors"))
    }
  }
}

/// A box energy that ignores everything (E = 0): the tracker only needs something to call.
private struct FlatTrackingEnergy: EnergyFunction {
  var kind: EnergyKind { .conditional(inputShape: [6, 16, 16], outputDimension: 4) }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor { Tensor.zeros([y.shape[0], y.shape[1]]) }
}

/// E = ± ‖u − u_c‖², u_c = (1, 1, log 8, log 8) the crop's centred reference (the coarse box in
/// the tracker's 16-pixel crops).
private struct DistanceToCoarseBoxEnergy: EnergyFunction {
  var sign: Float
  var kind: EnergyKind { .conditional(inputShape: [6, 16, 16], outputDimension: 4) }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let centre: [Float] = [1, 1, Float(log(8.0)), Float(log(8.0))]
    var scalars: [Float] = []
    for start in stride(from: 0, to: y.scalars.count, by: 4) {
      var squared: Float = 0
      for k in 0..<4 {
        let d = y.scalars[start + k] - centre[k]
        squared += d * d
      }
      scalars.append(sign * squared)
    }
    return Tensor(shape: [y.shape[0], y.shape[1]], scalars: scalars)
  }
}

/// A step-scalable inference that returns the first start (the tracker's coarse box) moved
/// right by |factor − ¼| box widths: only the factor ¼ keeps the coarse box.
private struct ShiftCoarseBoxUnlessQuarter: StepLengthScalableInference {
  var factor: Double = 1
  func scalingStepLengths(by factor: Double) -> ShiftCoarseBoxUnlessQuarter { ShiftCoarseBoxUnlessQuarter(factor: self.factor * factor) }
  func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    var u = Array(initial!.scalars[0..<4])
    u[0] += Float(abs(factor - 0.25)) * exp(u[2])  // cx/w₀ += shift · w/w₀
    return Tensor(shape: [1, 4], scalars: u)
  }
}
