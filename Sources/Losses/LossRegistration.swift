import EBMProtocols

/// Registers the training objectives of the `Losses` module by name.
///
/// One file per body of work adds its objectives (`Regression/LossRegistration+Regression.swift`,
/// `Generative/…+Generative.swift`, `OOD/…+OOD.swift`, `LeCun/…+LeCun.swift`); objectives shared by
/// several bodies of work (NCE, SM, DSM) are registered here.
public enum LossRegistration {
  /// Registers every objective of this module in `registry`.
  public static func register(in registry: inout Registry) {
    registerShared(in: &registry)
    registerRegression(in: &registry)
    registerGenerative(in: &registry)
    registerOOD(in: &registry)
    registerLeCun(in: &registry)
    registerBoxes(in: &registry)
  }

  /// Objectives several bodies of work use: NCE, score matching, denoising score matching, and
  /// the negative log-likelihood of a label energy (LeCun's `nll`, the OOD classifier's
  /// `cross-entropy`).
  static func registerShared(in registry: inout Registry) {
    registry.objectives.register(
      name: "nll",
      summary: "Negative log-likelihood E(Yⁱ) + (1/β) log Σ_Y exp(−β E(Y)); at β = 1 the classifier's cross-entropy",
      details: "Discrete labels. LeCun et al., A Tutorial on Energy-Based Learning (2006), section 2.2.4 (also MMI); the OOD study pretrains with it as cross-entropy (Hendrycks et al. 2019).",
      options: NegativeLogLikelihood.Options.self,
      aliases: ["mmi", "cross-entropy", "ce"]
    ) { options, _ in NegativeLogLikelihood(options) }
    registry.objectives.register(
      name: "nce",
      summary: "NCE, ranking form: log-softmax of f − log q at the true sample among M noise samples",
      details: "Conditional: proposal centred on the target (the paper: gmm stds 0.1, 0.8). Unconditional: noise from the sampler (e.g. gaussian fitted to the data), M = noise-to-data ratio.",
      options: NoiseContrastiveEstimation.Options.self
    ) { options, _ in NoiseContrastiveEstimation(options) }
    registry.objectives.register(
      name: "sm",
      summary: "Score matching: mean of tr ∂²f/∂y² + ½‖∂f/∂y‖² at the data (second-order autodiff)",
      aliases: ["score-matching"]
    ) { _, _ in ScoreMatching() }
    registry.objectives.register(
      name: "dsm",
      summary: "Denoising score matching: ‖∂f/∂y(ỹ) + (ỹ − y)/σ²‖² over M noisy copies ỹ = y + σε",
      details: "The paper: σ = 0.2 (dataset 1), 0.075 (dataset 2), M = 1024.",
      options: DenoisingScoreMatching.Options.self,
      aliases: ["denoising-score-matching"]
    ) { options, _ in DenoisingScoreMatching(options) }
  }
}
