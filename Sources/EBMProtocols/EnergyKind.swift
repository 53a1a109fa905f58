/// What an energy function maps from and to, so that composing a pipeline can check that an
/// energy fits its task before any training starts.
///
/// Shapes (DESIGN.md, "Conventions"):
/// - `.conditional`: x `[B, inputShape...]`, candidates y `[B, M, outputDimension]` → `[B, M]`.
/// - `.unconditional`: no x; points y `[N, dimension]` → `[N]`.
/// - `.discrete`: x `[B, inputShape...]`; every label's energy `[B, labelCount]`
///   (see ``LabelEnergyFunction``).
public enum EnergyKind: Sendable, Equatable, CustomStringConvertible {
  /// E(x, y) with continuous y ∈ ℝ^outputDimension (regression, structured prediction).
  case conditional(inputShape: [Int], outputDimension: Int)
  /// E(y) on points y ∈ ℝ^dimension (generative models).
  case unconditional(dimension: Int)
  /// E(x, y) with y ∈ {0, …, labelCount − 1} (classifiers, LeCun's discrete losses).
  case discrete(inputShape: [Int], labelCount: Int)

  /// The family without the shapes.
  public var family: EnergyFamily {
    switch self {
    case .conditional: .conditional
    case .unconditional: .unconditional
    case .discrete: .discrete
    }
  }

  public var description: String {
    switch self {
    case let .conditional(input, output): "conditional(x \(input), y ∈ ℝ^\(output))"
    case let .unconditional(d): "unconditional(y ∈ ℝ^\(d))"
    case let .discrete(input, labels): "discrete(x \(input), \(labels) labels)"
    }
  }
}
