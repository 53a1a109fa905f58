import Tensors

/// Building blocks shared by the OOD objectives, written with tensor ops (so they are
/// differentiable to any order).
enum ClassifierLosses {
  /// Mean cross-entropy −(1/B) Σ_i log softmax(f(x_i))_{y_i}.
  static func crossEntropy(logits: Tensor, labels: [Int]) -> Tensor {
    -logLikelihoods(logits: logits, labels: labels).mean()
  }

  /// log softmax(f(x_i))_{y_i} per example, `[B]`.
  static func logLikelihoods(logits: Tensor, labels: [Int]) -> Tensor {
    logits.logSoftmax(alongAxis: 1).gather(columns: labels)
  }

  /// Mean cross-entropy from the softmax to the uniform distribution:
  /// (1/B) Σ_i [logΣ_k exp f_k(x_i) − (1/K) Σ_k f_k(x_i)] (Hendrycks et al., 2019).
  static func uniformCrossEntropy(logits: Tensor) -> Tensor {
    (logits.logSumExp(alongAxis: 1) - logits.mean(alongAxis: 1)).mean()
  }

  /// Free energy E(x) = −logΣ_k exp f_k(x) (T = 1), `[B]`.
  static func freeEnergy(logits: Tensor) -> Tensor {
    -logits.logSumExp(alongAxis: 1)
  }

  /// Mean squared hinge (1/B) Σ relu(E_in − m_in)², the in-distribution half of the energy
  /// regulariser of Liu et al. (2020).
  static func inlierHinge(energies: Tensor, margin: Float) -> Tensor {
    (energies - margin).relu().squared().mean()
  }
}
