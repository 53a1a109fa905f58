import EBMProtocols
import Tensors

/// Inference by exhaustive search: Y* = argmin_{Y ∈ 𝒴} E(W, Y, X) over a finite answer set.
///
/// For label energies 𝒴 is every label (ties: the lowest index) and the result is the label
/// indices as floats `[B]`. For continuous Y, 𝒴 is a regular grid of `points` values per
/// dimension on [lower, upper]^d, and the result is `[B, d]` (`[1, d]` for an unconditional
/// energy). On a 1-D conditional energy this is the mode of p(y | x) up to the grid spacing
/// (registered also as `grid-mode`, Gustafsson et al.'s dense-grid prediction).
///
/// Reference: LeCun et al., "A Tutorial on Energy-Based Learning" (2006), section 1.1 and 5.
///
/// - Complexity: O(B × |𝒴|) energy evaluations.
public struct ExhaustiveInference: EnergyInference {
  public var lower: Float
  public var upper: Float
  public var points: Int

  /// Largest grid searched (points^d), to keep a typo from allocating gigabytes.
  public static let maximumGridSize = 1_000_000

  public init(lower: Float, upper: Float, points: Int) {
    precondition(lower < upper && points >= 2, "ExhaustiveInference: needs lower < upper and points >= 2")
    self.lower = lower
    self.upper = upper
    self.points = points
  }

  public func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    switch model.energy.kind {
    case .discrete:
      guard let x, let all = model.everyLabelEnergy(x: x) else {
        throw EBMError.invalid("exhaustive inference over labels needs inputs x")
      }
      return Tensor(all.argmin(alongAxis: 1).map(Float.init))
    case let .conditional(_, d):
      guard let x else { throw EBMError.invalid("exhaustive inference on a conditional energy needs inputs x") }
      let grid = try self.grid(dimension: d)
      let b = x.shape[0]
      let g = grid.count / d
      let candidates = Tensor(shape: [b, g, d], scalars: Array((0..<b).map { _ in grid }.joined()))
      let best = model(x: x, y: candidates).argmin(alongAxis: 1)
      return Tensor(shape: [b, d], scalars: best.flatMap { Array(grid[($0 * d)..<($0 * d + d)]) })
    case let .unconditional(d):
      let grid = try self.grid(dimension: d)
      let best = model(x: nil, y: Tensor(shape: [grid.count / d, d], scalars: grid)).argmin(alongAxis: 0)[0]
      return Tensor(shape: [1, d], scalars: Array(grid[(best * d)..<(best * d + d)]))
    }
  }

  /// The grid points, row-major `[points^d, d]`.
  func grid(dimension d: Int) throws -> [Float] {
    let size = (0..<d).reduce(1.0) { acc, _ in acc * Double(points) }
    guard size <= Double(ExhaustiveInference.maximumGridSize) else {
      throw EBMError.invalidOption(
        component: "exhaustive", option: "points",
        reason: "gives \(Int(size)) grid points in \(d) dimensions (limit \(ExhaustiveInference.maximumGridSize)); help: lower points or use gradient-descent")
    }
    let axis = Tensor.linspace(lower, upper, count: points).scalars
    var out: [Float] = []
    out.reserveCapacity(Int(size) * d)
    for index in 0..<Int(size) {
      var rest = index
      var point = [Float](repeating: 0, count: d)
      for j in stride(from: d - 1, through: 0, by: -1) {
        point[j] = axis[rest % points]
        rest /= points
      }
      out += point
    }
    return out
  }
}
