/// The three families of energies (``EnergyKind`` without its shapes): what an objective says it
/// trains (``TrainingObjective/supportedFamilies``), checked when a pipeline is composed.
public enum EnergyFamily: String, Sendable, CaseIterable, Comparable {
  /// E(x, y) with continuous y (regression, structured prediction, boxes).
  case conditional
  /// E(y) on points (generative models).
  case unconditional
  /// E(x, y) over a finite label set (classifiers, LeCun's discrete losses).
  case discrete

  public static func < (lhs: EnergyFamily, rhs: EnergyFamily) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
