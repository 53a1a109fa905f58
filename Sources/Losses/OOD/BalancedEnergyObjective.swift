import EBMProtocols
import Foundation
import Tensors

/// The balanced energy regularisation loss (Choi, Jeong, Lee & Kim, "Balanced Energy
/// Regularization Loss for Out-of-distribution Detection", CVPR 2023; code
/// hyunjunChhoi/Balanced_Energy).
///
/// Step 1 (``prepare(_:)``): the pretrained classifier labels the auxiliary outliers; the
/// counts N_j of its argmax give the outlier class prior, sharpened or flattened by γ:
///
/// ```
/// P(y = j | o) = N_j / Σ_k N_k,   P_γ = P^γ / Σ_j P_j^γ
/// ```
///
/// Step 2 (every batch): each outlier's prior weight Z_γ(x) = Σ_j softmax_j(f(x)) P_γ,j both
/// weights its hinge and shifts its margin by α Z_γ:
///
/// ```
/// E(x) = −logΣ_k exp f_k(x)
/// L = CE(f(x_in), y) + w · [ (1/B) Σ_i relu(E(x_i) − m_in)²
///                          + Σ_o relu(m_out + α Z_γ(x_o) − E(x_o))² Z_γ(x_o) / Σ_o Z_γ(x_o) ]
/// ```
///
/// α = 0 gives the weight-only variant (`balanced-weight-only`). Outliers that look like the
/// head classes (large Z_γ) must reach a higher energy and count more.
///
/// Sign convention: the paper's slide writes the shifted hinge with the opposite sign of the
/// margin term; we follow the official training code, which subtracts α Z_γ from the outlier
/// energy before the hinge relu(m_out − (E − α Z_γ)), i.e. the margin rises by α Z_γ. As in
/// that code, Z_γ is not detached: its gradient flows through the softmax in both places.
///
/// - Parameters:
///   - gamma: γ, 0.75 by default.
///   - alpha: α, the margin shift, 6 by default (for 6 classes; 0 for the weight-only variant).
///   - weight, inlierMargin, outlierMargin: as in ``EnergyOutlierObjective`` (0.1, −18, −3).
public struct BalancedEnergyObjective: TrainingObjective {
  public var gamma: Float
  public var alpha: Float
  public var weight: Float
  public var inlierMargin: Float
  public var outlierMargin: Float
  /// P_γ `[K]` after ``prepare(_:)``.
  public private(set) var prior: [Float]?

  public init(
    gamma: Float = Options().gamma, alpha: Float = Options().alpha, weight: Float = Options().hinge.weight,
    inlierMargin: Float = Options().hinge.inlierMargin, outlierMargin: Float = Options().hinge.outlierMargin
  ) {
    self.gamma = gamma
    self.alpha = alpha
    self.weight = weight
    self.inlierMargin = inlierMargin
    self.outlierMargin = outlierMargin
  }

  public var requirements: ObjectiveRequirements { [.labels, .outliers] }
  public var supportedFamilies: Set<EnergyFamily> { [.discrete] }

  /// P_γ from argmax counts N_j (`[K]`): N/ΣN raised to γ and L1-normalised.
  public static func sharpenedPrior(counts: [Int], gamma: Float) -> [Float] {
    let total = Float(counts.reduce(0, +))
    precondition(total > 0, "sharpenedPrior needs at least one count")
    let powered = counts.map { $0 == 0 ? Float(0) : Float(Foundation.pow(Double($0) / Double(total), Double(gamma))) }
    let norm = powered.reduce(0, +)
    return powered.map { $0 / norm }
  }

  public mutating func prepare(_ context: PreparationContext) throws {
    guard let outliers = context.data.outliers else {
      throw EBMError.incompatible("objective 'balanced' needs auxiliary outliers, but the task has none")
    }
    guard let energies = context.model.labelEnergies(x: outliers.x ?? outliers.y) else {
      throw EBMError.incompatible("objective 'balanced' needs a label energy (a classifier), got \(context.model.energy.kind)")
    }
    let k = energies.shape[1]
    var counts = [Int](repeating: 0, count: k)
    for j in energies.argmin(alongAxis: 1) { counts[j] += 1 }
    prior = BalancedEnergyObjective.sharpenedPrior(counts: counts, gamma: gamma)
  }

  public var persistentState: ParameterSet {
    guard let prior else { return [:] }
    return ["prior": Tensor(prior)]
  }

  public mutating func restorePersistentState(_ state: ParameterSet) throws {
    if let p = state["prior"] { prior = p.scalars }
  }

  public mutating func loss(_ context: inout LossContext) throws -> Tensor {
    guard let prior else {
      throw EBMError.invalid("objective 'balanced': the outlier prior is missing; prepare(_:) must run before training")
    }
    let (inliers, outliers, labels) = try context.inlierAndOutlierLogits(for: "balanced")
    let inEnergy = ClassifierLosses.freeEnergy(logits: inliers)
    let outEnergy = ClassifierLosses.freeEnergy(logits: outliers)
    let z = Tensor.matmul(outliers.softmax(alongAxis: 1), Tensor(shape: [prior.count, 1], scalars: prior))
      .reshaped([-1])
    let hinge = (outlierMargin + alpha * z - outEnergy).relu().squared()
    let outlierTerm = (hinge * z).sum() / z.sum()
    return ClassifierLosses.crossEntropy(logits: inliers, labels: labels)
      + weight * (ClassifierLosses.inlierHinge(energies: inEnergy, margin: inlierMargin) + outlierTerm)
  }
}
