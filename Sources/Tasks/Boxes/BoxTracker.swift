import Dispatch
import EBMProtocols
import Foundation
import Tensors

/// The tracker of the box-EBM tracking tasks (Gustafsson et al., BMVC 2020, §4.3, on PrDiMP):
/// frame 1 is initialised with the ground truth; in each later frame
///
/// 1. **coarse position**: ``TemplateMatcher`` (NCC of frame 1's target over a search region
///    around the previous box) moves the previous box, size unchanged;
/// 2. **box refinement** (PrDiMP's `refine_target_box`): that box plus `jitteredStarts` boxes
///    jittered about it — centre by U(±½ · 0.1 √(wh)), size by U(±½ · 0.5 √(wh)), each side at
///    least a third of the smaller side — are encoded as u in a ``BoxCrop`` of the test frame
///    around the coarse box; x stacks frame 1's crop around the initial box (whose centred
///    reference modulates the features, ATOM/IoU-Net) and that test crop, `[1, 6, S, S]`; the
///    inference refines every start (T steps of per-coordinate gradient descent on E with
///    backtracking) and averages the best `averageBest` by energy (PrDiMP: 3; the inference's
///    own setting);
/// 3. **size damping** (ours; PrDiMP keeps the refined size, γ = 1): with `sizeUpdateRate`
///    γ < 1 the refined box's size is damped towards the coarse box's,
///    log w ← (1 − γ) log w_coarse + γ log w_refined (likewise h), the centre taken as refined;
/// 4. the box is kept inside the frame (centre clamped to it, each side between 4 px and the
///    frame's size) and becomes the previous box (PrDiMP); with `refinedFeedsBack` false (ours)
///    the coarse step follows its own previous box and the refined box is only the frame's
///    prediction, so a refinement error never reaches the next frame's search; with
///    `sizeFeedbackRate` ρ > 0 (ours) the next search box takes the coarse centre and the size
///    log w ← (1 − ρ) log w_coarse + ρ log w_box (PrDiMP feeds back the whole box);
/// 5. with `confidenceGate` > 0 (ours) only frames whose coarse NCC peak is below the gate are
///    refined, the others keep the coarse box.
///
/// Without a model (``Refinement/none``) the coarse box is the prediction. The jitter is drawn
/// from the generator passed in, so a sequence's result is fixed by its seed.
public struct BoxTracker: Sendable {
  /// How boxes are refined after the coarse step.
  public enum Refinement: Sendable {
    /// The coarse box as it is.
    case none
    /// Refine the starts with `inference` on the energy `model` (`[B, 6, S, S]` crops).
    case energy(TrainedEnergy, any EnergyInference)
  }

  /// S, the crop side in pixels.
  public var cropSize: Int
  /// How many times the box the crops cover (``BoxCrop/context``).
  public var context: Double
  /// Jittered starts beside the coarse box (PrDiMP: 9).
  public var jitteredStarts: Int
  /// Centre jitter, in units of √(wh) (PrDiMP's `box_jitter_pos`: 0.1).
  public var positionJitter: Double
  /// Size jitter, in units of √(wh) (PrDiMP's `box_jitter_sz`: 0.5).
  public var sizeJitter: Double
  /// T of the template matcher.
  public var templateSize: Int
  /// Search region of the template matcher, in previous-box sides.
  public var searchFactor: Double
  /// γ, how much of the refined box's log size change is kept (PrDiMP: 1).
  public var sizeUpdateRate: Double
  /// Whether the refined box is the next frame's previous box (PrDiMP: true).
  public var refinedFeedsBack: Bool
  /// ρ, with `refinedFeedsBack` false: the share of the refined box's log size change carried
  /// into the next frame's search box (centre from the coarse step); 0: the search keeps its size.
  public var sizeFeedbackRate: Double = 0
  /// Confidence gate (ours): when > 0, only frames whose coarse NCC peak is below it are
  /// refined (a confident coarse box is kept as it is); 0: every frame is refined.
  public var confidenceGate: Double = 0

  public init(
    cropSize: Int = 64, context: Double = 2, jitteredStarts: Int = 9, positionJitter: Double = 0.1, sizeJitter: Double = 0.5,
    templateSize: Int = 24, searchFactor: Double = 2.5, sizeUpdateRate: Double = 1,
    refinedFeedsBack: Bool = true
  ) {
    self.refinedFeedsBack = refinedFeedsBack
    precondition((0...1).contains(sizeUpdateRate), "BoxTracker: sizeUpdateRate must lie in [0, 1]")
    self.sizeUpdateRate = sizeUpdateRate
    precondition(cropSize > 0 && context > 0 && jitteredStarts >= 0, "BoxTracker: bad settings")
    self.cropSize = cropSize
    self.context = context
    self.jitteredStarts = jitteredStarts
    self.positionJitter = positionJitter
    self.sizeJitter = sizeJitter
    self.templateSize = templateSize
    self.searchFactor = searchFactor
  }

  /// One tracked sequence.
  public struct Result: Sendable {
    /// The prediction per frame (frame 1: the initial box).
    public var boxes: [BoundingBox]
    /// The coarse box per frame, before refinement (frame 1: the initial box).
    public var coarse: [BoundingBox]
    /// Seconds spent tracking (coarse step and refinement; reading frames excluded).
    public var seconds: Double
  }

  /// Tracks the target of `initial` (frame 1's box) through `frameCount` frames read by `frame`.
  ///
  /// - Throws: what `frame` or the inference throws.
  public func track(
    frameCount: Int, frame: (Int) throws -> Photo, initial: BoundingBox, refinement: Refinement,
    using rng: inout RandomGenerator
  ) throws -> Result {
    precondition(frameCount >= 1, "BoxTracker: a sequence needs a frame")
    precondition(initial.width > 0 && initial.height > 0 && initial.isFinite, "BoxTracker: the initial box needs a positive size")
    let first = try frame(0)
    var result = Result(boxes: [initial], coarse: [initial], seconds: 0)
    var start = DispatchTime.now().uptimeNanoseconds
    let matcher = TemplateMatcher(frame: first, box: initial, templateSize: templateSize, searchFactor: searchFactor)
    let referencePixels = BoxCrop(reference: initial, context: context, size: cropSize).pixels(of: first)
    result.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var previous = initial
    for index in 1..<max(frameCount, 1) {
      let image = try frame(index)
      start = DispatchTime.now().uptimeNanoseconds
      let located = matcher.locate(in: image, around: previous)
      let coarse = clamp(located.box, in: image)
      var box = coarse
      if case let .energy(model, inference) = refinement, confidenceGate <= 0 || located.score < confidenceGate {
        let crop = BoxCrop(reference: coarse, context: context, size: cropSize)
        let starts = [coarse] + jittered(coarse, using: &rng)
        let x = Tensor(shape: [1, 6, cropSize, cropSize], scalars: referencePixels + crop.pixels(of: image))
        let initialU = Tensor(shape: [1, starts.count, 4], scalars: starts.flatMap { crop.encode($0).map(Float.init) })
        let u = try inference.infer(model, x: x, initial: initialU, using: &rng).scalars.map(Double.init)
        if u.allSatisfy(\.isFinite) {
          box = clamp(damped(crop.decode(u), towards: coarse), in: image)
        }
      }
      result.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      result.coarse.append(coarse)
      result.boxes.append(box)
      previous = refinedFeedsBack ? box : resized(coarse, towards: box)
    }
    return result
  }

  /// `refined` with its size damped towards the coarse box's by ``sizeUpdateRate``.
  func damped(_ refined: BoundingBox, towards coarse: BoundingBox) -> BoundingBox {
    guard refined.width > 0, refined.height > 0 else { return coarse }
    let gamma = sizeUpdateRate
    return BoundingBox(
      centerX: refined.centerX, centerY: refined.centerY,
      width: exp((1 - gamma) * log(coarse.width) + gamma * log(refined.width)),
      height: exp((1 - gamma) * log(coarse.height) + gamma * log(refined.height)))
  }

  /// `coarse` with ``sizeFeedbackRate`` of the log size change to `refined`, centre kept.
  func resized(_ coarse: BoundingBox, towards refined: BoundingBox) -> BoundingBox {
    let rho = sizeFeedbackRate
    guard rho > 0, refined.width > 0, refined.height > 0 else { return coarse }
    // coarse · (refined / coarse)^ρ: the same size, bit for bit, when refinement keeps it.
    return BoundingBox(
      centerX: coarse.centerX, centerY: coarse.centerY, width: coarse.width * exp(rho * log(refined.width / coarse.width)),
      height: coarse.height * exp(rho * log(refined.height / coarse.height)))
  }

  /// PrDiMP's jittered starts about `box`.
  func jittered(_ box: BoundingBox, using rng: inout RandomGenerator) -> [BoundingBox] {
    let side = (box.width * box.height).squareRoot()
    let minimalSide = min(box.width, box.height) / 3
    return (0..<jitteredStarts).map { _ in
      let dx = (rng.nextDouble() - 0.5) * positionJitter * side
      let dy = (rng.nextDouble() - 0.5) * positionJitter * side
      let dw = (rng.nextDouble() - 0.5) * sizeJitter * side
      let dh = (rng.nextDouble() - 0.5) * sizeJitter * side
      return BoundingBox(
        centerX: box.centerX + dx, centerY: box.centerY + dy, width: max(box.width + dw, minimalSide),
        height: max(box.height + dh, minimalSide))
    }
  }

  /// `box` with its centre inside the frame and each side between 4 px and the frame's size.
  func clamp(_ box: BoundingBox, in frame: Photo) -> BoundingBox {
    let (w, h) = (Double(frame.width), Double(frame.height))
    return BoundingBox(
      centerX: min(max(box.centerX, 0), w), centerY: min(max(box.centerY, 0), h), width: min(max(box.width, 4), w),
      height: min(max(box.height, 4), h))
  }
}
