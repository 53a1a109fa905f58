import EBMProtocols

extension EnergyOutlierObjective {
  /// The options of `energy-oe` (Liu et al. 2020's weight; margins for the study's small
  /// classifier), shared by the balanced energy loss's hinge.
  public struct Options: TypedOptions, Equatable {
    /// w, the weight of the energy hinge terms (the reference code: 0.1).
    public var weight: Float = 0.1
    /// m_in: inlier energies above it are penalised (the paper: −23/−25 on CIFAR).
    public var inlierMargin: Float = -18
    /// m_out: outlier energies below it are penalised (the paper: −5/−7 on CIFAR).
    public var outlierMargin: Float = -3
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .float("weight", \.weight, "weight of the energy hinge terms", range: 0...1000),
      .float("m-in", \.inlierMargin, "inlier margin m_in (inlier energies above it are penalised)", range: -1e6...1e6),
      .float("m-out", \.outlierMargin, "outlier margin m_out (outlier energies below it are penalised)", range: -1e6...1e6),
    ]
  }

  public init(_ options: Options) {
    self.init(weight: options.weight, inlierMargin: options.inlierMargin, outlierMargin: options.outlierMargin)
  }
}
