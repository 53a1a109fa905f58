import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing

/// E(x, u) = ½ ‖u − (1, 1, log r + δ, log r + δ)‖²: "the target is e^δ times the crop's
/// reference box, at its centre", whatever the pixels. One gradient step of length 1 lands on it.
private struct GrowingBoxEnergy: EnergyFunction {
  var delta: Float
  var kind: EnergyKind { .conditional(inputShape: [6, 16, 16], outputDimension: 4) }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { [:] }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let (b, m) = (y.shape[0], y.shape[1])
    let logR = Float(log(8.0)) + delta
    let target = Tensor(shape: [1, 1, 4], scalars: [1, 1, logR, logR])
    return ((y - target).squared().sum(alongAxis: 2) * 0.5).reshaped([b, m])
  }
}

/// The tracker on synthetic sequences whose answer is known.
@Suite struct BoxTrackerTests {
  /// A 96×96 frame: smooth grey background, and a textured 20×16 target at (x, y).
  static func frame(targetX: Double, targetY: Double) -> Photo {
    let size = 96
    var rgb = [Float](repeating: 0, count: size * size * 3)
    for i in 0..<size {
      for j in 0..<size {
        let (x, y) = (Double(j) + 0.5, Double(i) + 0.5)
        var v = Float(0.4 + 0.1 * sin(x / 9) * cos(y / 11))
        if x >= targetX && x < targetX + 20 && y >= targetY && y < targetY + 16 {
          let (u, w) = (x - targetX, y - targetY)
          v = Float(0.5 + 0.4 * sin(u * 0.9) * cos(w * 0.7))
        }
        for c in 0..<3 { rgb[(i * size + j) * 3 + c] = v * (c == 0 ? 1 : 0.8) }
      }
    }
    return Photo(width: size, height: size, rgb: rgb)
  }

  static let tracker = BoxTracker(cropSize: 16)

  @Test func staticTargetScoresTheMaximum() throws {
    let still = Self.frame(targetX: 40, targetY: 30)
    let truth = BoundingBox(x: 40, y: 30, width: 20, height: 16)
    var rng = RandomGenerator(seed: 0)
    let result = try Self.tracker.track(frameCount: 12, frame: { _ in still }, initial: truth, refinement: .none, using: &rng)
    #expect(result.boxes.count == 12 && result.boxes.allSatisfy { $0 == truth })
    var run = TrackingRun()
    try run.add(result, sequence: "still", groundTruth: Array(repeating: truth, count: 12), targetVisible: nil, convention: .standard)
    // IoU 1 everywhere: a success at every threshold but the last (strict >), AUC 20/21.
    #expect(abs(run.scores.auc - 100 * 20 / 21) < 1e-9)
    #expect(run.scores.precision == 100 && run.scores.op75 == 100 && run.trackedFrames == 11)
  }

  @Test func coarseStepFollowsATranslatedTarget() throws {
    let positions: [(x: Double, y: Double)] = (0..<10).map { (t: Int) -> (x: Double, y: Double) in
      let step = Double(t)
      return (x: 20 + 3 * step, y: 40 - 2 * step)
    }
    let frames = positions.map { Self.frame(targetX: $0.x, targetY: $0.y) }
    let truth = positions.map { BoundingBox(x: $0.x, y: $0.y, width: 20, height: 16) }
    var rng = RandomGenerator(seed: 0)
    let result = try Self.tracker.track(frameCount: 10, frame: { frames[$0] }, initial: truth[0], refinement: .none, using: &rng)
    for (box, target) in zip(result.boxes, truth) {
      // The template grid of a 20 × 16 box has steps of 0.83 × 0.67 px: within a step.
      #expect(abs(box.centerX - target.centerX) < 1 && abs(box.centerY - target.centerY) < 1, "\(box) vs \(target)")
      #expect(box.width == 20 && box.height == 16)
    }
  }

  /// With an energy whose minimum is the coarse box grown e^δ, one step of length 1 moves every
  /// start there: the prediction is the coarse box scaled about its centre (the crop's encoding
  /// and decoding, the starts and their average all agree).
  @Test func refinementMovesToTheEnergysMinimum() throws {
    let still = Self.frame(targetX: 40, targetY: 30)
    let truth = BoundingBox(x: 40, y: 30, width: 20, height: 16)
    let model = TrainedEnergy(energy: GrowingBoxEnergy(delta: Float(log(1.1))), parameters: [:])
    let inference = GradientAscentStub()
    var rng = RandomGenerator(seed: 3)
    let result = try Self.tracker.track(
      frameCount: 2, frame: { _ in still }, initial: truth, refinement: .energy(model, inference), using: &rng)
    #expect(result.coarse[1] == truth)
    let box = result.boxes[1]
    #expect(abs(box.centerX - truth.centerX) < 1e-3 && abs(box.centerY - truth.centerY) < 1e-3)
    #expect(abs(box.width - 22) < 1e-3 && abs(box.height - 17.6) < 1e-3)
    #expect(inference.startCounts == [10])
    var run = TrackingRun()
    try run.add(result, sequence: "grown", groundTruth: [truth, truth], targetVisible: nil, convention: .standard)
    #expect(abs(run.sizeRatio! - 1.1) < 1e-4)
  }

  /// Size damping γ = ½ keeps half the refined log size change: an energy whose minimum is the
  /// coarse box grown 1.21× gives a box grown 1.1×, centre unchanged.
  @Test func sizeUpdateIsDamped() throws {
    let still = Self.frame(targetX: 40, targetY: 30)
    let truth = BoundingBox(x: 40, y: 30, width: 20, height: 16)
    let model = TrainedEnergy(energy: GrowingBoxEnergy(delta: Float(log(1.21))), parameters: [:])
    var rng = RandomGenerator(seed: 3)
    let tracker = BoxTracker(cropSize: 16, sizeUpdateRate: 0.5)
    let box = try tracker.track(
      frameCount: 2, frame: { _ in still }, initial: truth, refinement: .energy(model, GradientAscentStub()), using: &rng
    ).boxes[1]
    #expect(abs(box.centerX - truth.centerX) < 1e-3 && abs(box.centerY - truth.centerY) < 1e-3)
    #expect(abs(box.width - 22) < 1e-3 && abs(box.height - 17.6) < 1e-3, "\(box)")
  }

  /// Size feedback ρ = ½ without box feedback: the next frame's search keeps the coarse centre
  /// and takes half the refined log size change (an energy whose minimum is the box grown 1.21×:
  /// the next coarse box is 1.1× frame 1's), while ρ = 0 keeps frame 1's size.
  @Test func sizeFeedbackResizesOnlyTheNextSearch() throws {
    let still = Self.frame(targetX: 40, targetY: 30)
    let truth = BoundingBox(x: 40, y: 30, width: 20, height: 16)
    let model = TrainedEnergy(energy: GrowingBoxEnergy(delta: Float(log(1.21))), parameters: [:])
    func coarse(_ rho: Double) throws -> BoundingBox {
      var rng = RandomGenerator(seed: 3)
      var tracker = BoxTracker(cropSize: 16, refinedFeedsBack: false)
      tracker.sizeFeedbackRate = rho
      return try tracker.track(
        frameCount: 3, frame: { _ in still }, initial: truth, refinement: .energy(model, GradientAscentStub()), using: &rng
      ).coarse[2]
    }
    let resized = try coarse(0.5)
    #expect(abs(resized.width - 22) < 1e-3 && abs(resized.height - 17.6) < 1e-3, "\(resized)")
    #expect(abs(resized.centerX - truth.centerX) < 1 && abs(resized.centerY - truth.centerY) < 1)
    let kept = try coarse(0)
    #expect(kept.width == 20 && kept.height == 16)
  }

  /// The confidence gate: on a still frame the coarse step's NCC peak is 1, so a gate of 0.5
  /// keeps the coarse box, while gate 0 (off) refines it to the energy's minimum (grown 1.1×).
  @Test func confidenceGateKeepsConfidentCoarseBoxes() throws {
    let still = Self.frame(targetX: 40, targetY: 30)
    let truth = BoundingBox(x: 40, y: 30, width: 20, height: 16)
    let model = TrainedEnergy(energy: GrowingBoxEnergy(delta: Float(log(1.1))), parameters: [:])
    func predicted(_ gate: Double) throws -> BoundingBox {
      var rng = RandomGenerator(seed: 3)
      var tracker = BoxTracker(cropSize: 16)
      tracker.confidenceGate = gate
      return try tracker.track(
        frameCount: 2, frame: { _ in still }, initial: truth, refinement: .energy(model, GradientAscentStub()), using: &rng
      ).boxes[1]
    }
    #expect(try predicted(0.5) == truth)
    let refined = try predicted(0)
    #expect(abs(refined.width - 22) < 1e-3 && abs(refined.height - 17.6) < 1e-3)
  }

  /// The crop the tracker and the training pairs share: a box's crop coordinates land on its
  /// pixels (pixel centres at +½ on both sides), and u decodes back to the box.
  @Test func cropCoordinatesLandOnTheBoxPixels() {
    let truth = BoundingBox(x: 40, y: 30, width: 20, height: 16)
    var rgb = [Float](repeating: 0, count: 96 * 96 * 3)
    for i in 30..<46 { for j in 40..<60 { for c in 0..<3 { rgb[(i * 96 + j) * 3 + c] = 1 } } }
    let frame = Photo(width: 96, height: 96, rgb: rgb)
    // An off-centre, rescaled reference (as the jittered truth or the coarse box are).
    let crop = BoxCrop(reference: BoundingBox(x: 36, y: 33, width: 24, height: 20), context: 2, size: 48)
    let inCrop = crop.toCrop(truth)
    let pixels = crop.pixels(of: frame)
    for i in 0..<48 {
      for j in 0..<48 {
        let (x, y) = (Double(j) + 0.5, Double(i) + 0.5)
        let inside = x > inCrop.x + 1 && x < inCrop.x + inCrop.width - 1 && y > inCrop.y + 1 && y < inCrop.y + inCrop.height - 1
        let outside = x < inCrop.x - 1 || x > inCrop.x + inCrop.width + 1 || y < inCrop.y - 1 || y > inCrop.y + inCrop.height + 1
        if inside { #expect(pixels[i * 48 + j] > 0.99, "crop pixel (\(j), \(i)) inside \(inCrop)") }
        if outside { #expect(pixels[i * 48 + j] < 0.01, "crop pixel (\(j), \(i)) outside \(inCrop)") }
      }
    }
    let back = crop.decode(crop.encode(truth))
    #expect(abs(back.x - 40) < 1e-9 && abs(back.y - 30) < 1e-9 && abs(back.width - 20) < 1e-9 && abs(back.height - 16) < 1e-9)
    // The crop's centred reference is u = (1, 1, log r, log r), r = S / context, the box the
    // modulated energy pools from the reference crop.
    let u = crop.encode(crop.reference)
    #expect(abs(u[0] - 1) < 1e-12 && abs(u[1] - 1) < 1e-12 && abs(u[2] - log(24.0)) < 1e-12 && abs(u[3] - log(24.0)) < 1e-12)
  }

  /// The same seed gives the same boxes.
  @Test func jitterIsSeeded() throws {
    let still = Self.frame(targetX: 40, targetY: 30)
    let truth = BoundingBox(x: 40, y: 30, width: 20, height: 16)
    let model = TrainedEnergy(energy: GrowingBoxEnergy(delta: 0), parameters: [:])
    func run(_ seed: UInt64) throws -> [BoundingBox] {
      var rng = RandomGenerator(seed: seed)
      return try Self.tracker.track(
        frameCount: 3, frame: { _ in still }, initial: truth, refinement: .energy(model, FirstStartsMean()), using: &rng
      ).boxes
    }
    #expect(try run(1) == run(1))
    #expect(try run(1) != run(2))
  }
}

/// One gradient step of length 1 on every start, then the mean of all starts (records the
/// number of starts it was given).
private final class GradientAscentStub: EnergyInference, @unchecked Sendable {
  var startCounts: [Int] = []
  func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    let start = initial!
    startCounts.append(start.shape[1])
    let stepped = (start - model.gradient(x: x, y: start)).scalars
    let (s, d) = (start.shape[1], start.shape[2])
    return Tensor(shape: [1, d], scalars: (0..<d).map { j in (0..<s).map { stepped[$0 * d + j] }.reduce(0, +) / Float(s) })
  }
}

/// The mean of the starts as given (so the prediction shows the jitter).
private struct FirstStartsMean: EnergyInference {
  func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    let start = initial!
    let (s, d) = (start.shape[1], start.shape[2])
    return Tensor(shape: [1, d], scalars: (0..<d).map { j in (0..<s).map { start.scalars[$0 * d + j] }.reduce(0, +) / Float(s) })
  }
}
