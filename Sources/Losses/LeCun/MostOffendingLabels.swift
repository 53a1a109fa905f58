/// The most offending incorrect label of each example: Ȳⁱ = argmin_{Y ≠ Yⁱ} E(W, Y, Xⁱ)
/// (LeCun et al., 2006, section 2.2.3), ties broken towards the lowest label index.
public enum MostOffendingLabels {
  /// Indices of Ȳⁱ from row-major energies `[B, K]` and the correct labels.
  ///
  /// - Complexity: O(B × K).
  public static func indices(_ energies: [Float], labels: [Int], labelCount k: Int) -> [Int] {
    precondition(k >= 2, "the most offending incorrect label needs at least two labels")
    precondition(energies.count == labels.count * k, "energies must be [B, K]")
    return labels.enumerated().map { b, label in
      var best = -1
      for j in 0..<k where j != label {
        if best < 0 || energies[b * k + j] < energies[b * k + best] { best = j }
      }
      return best
    }
  }
}
