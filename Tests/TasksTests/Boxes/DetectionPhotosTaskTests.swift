import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing

/// An inference that returns its starting boxes, so that "refined" equals "before".
private struct KeepInitialBoxes: EnergyInference {
  func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor { initial! }
}

/// An inference that returns the crop's true box (the dataset's y), row by row in call order.
private final class TrueBoxesInference: EnergyInference, @unchecked Sendable {
  var targets: [Float]
  var offset = 0
  init(targets: [Float]) { self.targets = targets }
  func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    let n = initial!.shape[0]
    defer { offset += n * 4 }
    return Tensor(shape: [n, 4], scalars: Array(targets[offset..<(offset + n * 4)]))
  }
}

/// A step-scalable inference that moves every box right by |factor − ¼| box widths: only the
/// factor ¼ leaves the boxes where they are, so it is the one validation AP must pick.
private struct ShiftUnlessQuarter: StepLengthScalableInference {
  var factor: Double = 1
  func scalingStepLengths(by factor: Double) -> ShiftUnlessQuarter { ShiftUnlessQuarter(factor: self.factor * factor) }
  func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    let shift = Float(abs(factor - 0.25))
    var u = initial!.scalars
    for row in 0..<initial!.shape[0] { u[row * 4] += shift * exp(u[row * 4 + 2]) }  // cx/w₀ += shift · w/w₀
    return Tensor(shape: initial!.shape, scalars: u)
  }
}

/// A box energy that ignores everything (E = 0): the evaluation only needs something to call.
private struct FlatBoxEnergy: EnergyFunction {
  var kind: EnergyKind { .conditional(inputShape: [3, 16, 16], outputDimension: 4) }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor { Tensor.zeros([y.shape[0], y.shape[1]]) }
}

/// The detection task on the shipped photographs.
@Suite struct DetectionPhotosTaskTests {
  let task = DetectionPhotosTask(imageSize: 64, cropSize: 16, trainScenes: 3, testScenes: 2, referencesPerBox: 2, dataSeed: 1)

  @Test func photographsLoadAndSplitsAreDisjoint() throws {
    let sets = PhotoSplit.allCases.map { Set(PhotoLibrary.backgrounds($0) + PhotoLibrary.objects($0)) }
    #expect(sets[0].isDisjoint(with: sets[1]) && sets[1].isDisjoint(with: sets[2]) && sets[0].isDisjoint(with: sets[2]))
    let horse = try PhotoLibrary.photo("horse")
    #expect(horse.width == 400 && horse.height == 328 && horse.alpha != nil)
    let brick = try PhotoLibrary.photo("brick")
    #expect(brick.width == 512 && brick.alpha == nil && brick.rgb[0] == brick.rgb[1])
    #expect(throws: EBMError.self) { _ = try PhotoLibrary.photo("no-such-photo") }
    let rocket = try PhotoLibrary.photo("rocket")  // JPEG
    #expect(rocket.width == 640 && rocket.height == 427 && rocket.alpha == nil)
    for split in PhotoSplit.allCases { _ = try PhotoLibrary.photos(split) }
  }

  @Test func dataShapesAndTargets() throws {
    var rng = RandomGenerator(seed: 0)
    let data = try task.makeData(using: &rng)
    let objects = try task.scenes(train: true).reduce(0) { $0 + $1.groundTruth.count }
    #expect(data.train.count == 2 * objects)
    #expect(data.train.x!.shape == [2 * objects, 3, 16, 16] && data.train.y.shape == [2 * objects, 4])
    let detections = try task.scenes(train: false).reduce(0) { $0 + $1.detections.count }
    #expect(data.test.count == detections)
    // Targets are near the reference (1, 1, log 8, log 8) in u: within the detector's errors.
    for row in 0..<data.train.count {
      let u = data.train.y.scalars[(row * 4)..<(row * 4 + 4)].map(Double.init)
      #expect(abs(u[0] - 1) < 1 && abs(u[1] - 1) < 1 && abs(u[2] - log(8.0)) < 1 && abs(u[3] - log(8.0)) < 1)
    }
    // The same data seed gives the same data.
    var other = RandomGenerator(seed: 99)
    #expect(try task.makeData(using: &other).train.y.scalars == data.train.y.scalars)
  }

  /// Unrefined boxes score as the detector; moving each true object's detection onto its true
  /// box gives IoU 1 for them.
  @Test func evaluationBeforeAndAfter() throws {
    var rng = RandomGenerator(seed: 0)
    let data = try task.makeData(using: &rng)
    let model = TrainedEnergy(energy: FlatBoxEnergy(), parameters: [:])
    var same = EvaluationContext(rng: RandomGenerator(seed: 1), inference: KeepInitialBoxes())
    let metrics = Dictionary(uniqueKeysWithValues: try task.evaluate(model, on: data, context: &same).compactMap { m in m.value.map { (m.name, $0) } })
    // Equal up to the Float32 round trip through u.
    #expect(abs(metrics["ap"]! - metrics["ap_before"]!) < 1e-6 && abs(metrics["iou"]! - metrics["iou_before"]!) < 1e-5)
    #expect(metrics["iou_before"]! > 0.3 && metrics["iou_before"]! < 1)
    var perfect = EvaluationContext(rng: RandomGenerator(seed: 1), inference: TrueBoxesInference(targets: data.test.y.scalars))
    let fixed = Dictionary(uniqueKeysWithValues: try task.evaluate(model, on: data, context: &perfect).compactMap { m in m.value.map { (m.name, $0) } })
    #expect(abs(fixed["iou"]! - 1) < 1e-4)
    #expect(fixed["ap50"]! >= metrics["ap50"]!)
    var none = EvaluationContext(rng: RandomGenerator(seed: 1))
    #expect(throws: EBMError.self) { _ = try task.evaluate(model, on: data, context: &none) }
  }

  /// The step factor is chosen by validation AP: of 1/8, 1/4, 1/2, 1 only ¼ leaves the boxes
  /// unshifted, so it wins, and the test boxes are then exactly the detector's.
  @Test func stepFactorChosenOnValidationPhotographs() throws {
    var chooser = task
    chooser.validationScenes = 3
    var rng = RandomGenerator(seed: 0)
    let data = try chooser.makeData(using: &rng)
    let model = TrainedEnergy(energy: FlatBoxEnergy(), parameters: [:])
    var context = EvaluationContext(rng: RandomGenerator(seed: 1), inference: ShiftUnlessQuarter())
    let metrics = Dictionary(uniqueKeysWithValues: try chooser.evaluate(model, on: data, context: &context).map { ($0.name, $0.value) })
    #expect(metrics["step_factor"]! == 0.25)
    #expect(abs(metrics["ap"]!! - metrics["ap_before"]!!) < 1e-6)
    #expect((context.inference as? ShiftUnlessQuarter)?.factor == 0.25)
    // Without validation scenes the inference is used as given (factor 1: boxes shifted by ¾ width).
    chooser.validationScenes = 0
    var given = EvaluationContext(rng: RandomGenerator(seed: 1), inference: ShiftUnlessQuarter())
    let plain = Dictionary(uniqueKeysWithValues: try chooser.evaluate(model, on: data, context: &given).map { ($0.name, $0.value) })
    #expect(plain["step_factor"]! == nil && plain["ap"]!! < plain["ap_before"]!!)
  }
}
