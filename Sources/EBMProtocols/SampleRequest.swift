import Tensors

/// What an objective, a task or the CLI asks a sampler for.
///
/// - Conditional energies: `center` holds the targets or initial estimates `[B, dy]`;
///   the sampler returns `count` candidates per example, `[B, count, dy]`.
/// - Unconditional energies: `center` is `nil` (start from the sampler's own initial
///   distribution) or initial points `[count, d]`; the sampler returns `[count, d]`.
public struct SampleRequest: Sendable {
  /// The energy and its parameters (required by dynamics samplers; proposals ignore it).
  public var model: TrainedEnergy?
  /// Conditioning inputs `[B, ...]`, for conditional energies.
  public var x: Tensor?
  /// Centre of a proposal / start of the chains (see above).
  public var center: Tensor?
  /// Candidates per example (conditional) or number of points (unconditional).
  public var count: Int
  /// Dimension of a point, for unconditional requests without a centre.
  public var dimension: Int?

  public init(model: TrainedEnergy? = nil, x: Tensor? = nil, center: Tensor? = nil, count: Int, dimension: Int? = nil) {
    self.model = model
    self.x = x
    self.center = center
    self.count = count
    self.dimension = dimension
  }
}
