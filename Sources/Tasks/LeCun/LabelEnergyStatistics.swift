/// What a label energy does on a test set: accuracy of Y* = argmin_Y E(Y, X), the energy gap
/// between the most offending incorrect answer and the correct one, the spread of energies
/// across labels, and whether the energies have collapsed.
///
/// ```
/// accuracy = mean_i [argmin_Y E(Y, Xⁱ) = Yⁱ]            (ties: the lowest label)
/// gap      = mean_i (E(Ȳⁱ, Xⁱ) − E(Yⁱ, Xⁱ)),   Ȳⁱ = argmin_{Y ≠ Yⁱ} E(Y, Xⁱ)
/// spread   = mean_i (max_Y E(Y, Xⁱ) − min_Y E(Y, Xⁱ))
/// scale    = mean_{i,Y} |E(Y, Xⁱ)|
/// collapsed ⇔ spread ≤ τ · max(1, scale),   τ = 0.01
/// ```
/// The collapse test is absolute (spread ≤ 0.01) for energies of order one or less and
/// relative (spread ≤ 1 % of the energies' size) for larger ones, so it flags "all energies
/// nearly equal" whatever value they collapsed to (LeCun et al., 2006, section 2.2.1).
public struct LabelEnergyStatistics: Sendable, Equatable {
  public var accuracy: Double
  public var energyGap: Double
  public var energySpread: Double
  public var energyScale: Double
  public var collapsed: Bool

  /// τ, the collapse tolerance.
  public static let collapseTolerance = 0.01

  /// Statistics of row-major energies `[N, K]` against labels.
  public init(energies: [Float], labels: [Int], labelCount k: Int) {
    precondition(k >= 2 && energies.count == labels.count * k && !labels.isEmpty, "LabelEnergyStatistics: energies must be [N, K]")
    var correctCount = 0
    var gap = 0.0
    var spread = 0.0
    var scale = 0.0
    for (i, label) in labels.enumerated() {
      let row = energies[(i * k)..<(i * k + k)]
      var best = 0
      var worst = 0
      var offending = label == 0 ? 1 : 0
      for j in 0..<k {
        let e = row[i * k + j]
        if e < row[i * k + best] { best = j }
        if e > row[i * k + worst] { worst = j }
        if j != label, e < row[i * k + offending] { offending = j }
        scale += Double(Swift.abs(e))
      }
      if best == label { correctCount += 1 }
      gap += Double(row[i * k + offending]) - Double(row[i * k + label])
      spread += Double(row[i * k + worst]) - Double(row[i * k + best])
    }
    let n = Double(labels.count)
    accuracy = Double(correctCount) / n
    energyGap = gap / n
    energySpread = spread / n
    energyScale = scale / (n * Double(k))
    collapsed = energySpread <= LabelEnergyStatistics.collapseTolerance * Swift.max(1, energyScale)
  }
}
