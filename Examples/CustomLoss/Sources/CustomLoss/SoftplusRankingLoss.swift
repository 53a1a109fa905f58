import EBMProtocols
import Tensors

/// A contrastive loss with a soft margin: every proposal sample's energy should be above the
/// data's,
///
/// ```
/// L = (1/BM) Σ_i Σ_m log(1 + exp(E(x_i, y_i) − E(x_i, y_m))),   y_m ~ q(· | y_i)
/// ```
///
/// LeCun et al.'s log loss ("A Tutorial on Energy-Based Learning", 2006, eq. 12) with the
/// most offending answer replaced by M proposal samples, so it needs no density (any sampler).
public struct SoftplusRankingLoss: TrainingObjective {
  /// The options of `softplus-ranking`.
  public struct Options: TypedOptions, Equatable {
    /// M, proposal samples per example.
    public var samples = 64
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .int("samples", \.samples, "M, proposal samples per example", range: 1...100_000)
    ]
  }

  public var options: Options

  public init(_ options: Options = Options()) { self.options = options }

  public var requirements: ObjectiveRequirements { [.anySampler] }
  public var supportedFamilies: Set<EnergyFamily> { [.conditional] }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    let (x, y) = (context.batch.x, context.batch.y)
    let data = context.energy(x: x, y: y.unsqueezed(at: 1))  // [B, 1]
    let drawn = try context.samples(around: y, x: x, count: options.samples)  // [B, M, dy]
    let proposals = context.energy(x: x, y: drawn.detached)  // [B, M]
    return (data - proposals).softplus().mean()
  }
}
