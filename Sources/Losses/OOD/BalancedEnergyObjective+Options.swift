import EBMProtocols

extension BalancedEnergyObjective {
  /// The options of `balanced` (Choi et al. 2023: γ = 0.75, α = 6 for 6 classes) and its
  /// energy hinge (as `energy-oe`).
  public struct Options: TypedOptions, Equatable {
    /// γ, the exponent of the outlier class prior.
    public var gamma: Float = 0.75
    /// α, the margin shift per unit of Z_γ.
    public var alpha: Float = 6
    /// The hinge's weight and margins.
    public var hinge = EnergyOutlierObjective.Options()
    public init() {}
    public static let fields: [OptionField<Options>] =
      [
        .float("gamma", \.gamma, "exponent γ of the outlier class prior", range: 0...100),
        .float("alpha", \.alpha, "margin shift α (per unit of Z)", range: 0...1e6),
      ] + EnergyOutlierObjective.Options.fields.map { $0.nested(in: \.hinge) }
  }

  /// The options of `balanced-weight-only`: those of `balanced` with α fixed at 0.
  public struct WeightOnlyOptions: TypedOptions, Equatable {
    /// The balanced loss's options (its α is ignored: the variant is α = 0).
    public var balanced = Options()
    public init() {}
    public static let fields: [OptionField<WeightOnlyOptions>] =
      Options.fields.filter { $0.name != "alpha" }.map { $0.nested(in: \.balanced) }
  }

  public init(_ options: Options) {
    self.init(
      gamma: options.gamma, alpha: options.alpha, weight: options.hinge.weight, inlierMargin: options.hinge.inlierMargin,
      outlierMargin: options.hinge.outlierMargin)
  }

  /// The weight-only variant (α = 0).
  public init(_ options: WeightOnlyOptions) {
    var balanced = options.balanced
    balanced.alpha = 0
    self.init(balanced)
  }
}
