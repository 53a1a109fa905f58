import Foundation

// Activations of image networks beyond tanh, sigmoid, softplus and relu. Each gradient rule is
// written with tensor ops (or the function is composed of ops), so second order works. NaN
// stays NaN, as in PyTorch.

extension Tensor {
  /// Leaky ReLU: x for x > 0, `negativeSlope`·x otherwise (PyTorch's `leaky_relu`).
  ///
  /// Gradient: 1 for x > 0, `negativeSlope` otherwise (so `negativeSlope` at the kink x = 0,
  /// as PyTorch).
  ///
  /// - Parameter negativeSlope: the slope for x ≤ 0; default 0.01 (PyTorch's).
  public func leakyReLU(negativeSlope: Float = 0.01) -> Tensor {
    mapScalars("leakyReLU", { $0 > 0 ? $0 : $0 * negativeSlope }) { _, g in
      [g * self.detached.mapScalars("leakyReLUSlope", { $0 > 0 ? 1 : negativeSlope }) { _, _ in [nil] }]
    }
  }

  /// ELU (Clevert et al., 2016): x for x > 0, α·(eˣ − 1) otherwise (PyTorch's `elu`).
  ///
  /// Gradient: 1 for x > 0, α·eˣ = y + α otherwise; the incoming gradient passes unchanged
  /// where x is NaN (PyTorch's `elu_backward`).
  ///
  /// - Parameter alpha: the saturation value for x → −∞ is −α; default 1.
  public func elu(alpha: Float = 1) -> Tensor {
    mapScalars("elu", { $0 > 0 ? $0 : alpha * Foundation.expm1($0) }) { y, g in
      let passes = self.detached.mapScalars("eluPasses", { $0 > 0 || $0.isNaN ? 1 : 0 }) { _, _ in [nil] }
      return [Tensor.where(passes, g, g * (y + alpha))]
    }
  }

  /// The error function erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt, elementwise; d erf = (2/√π) e^{−x²}.
  public func erf() -> Tensor {
    mapScalars("erf", { Foundation.erf($0) }) { _, g in
      [g * (self.squared() * -1).exp() * Float(2 / Double.pi.squareRoot())]
    }
  }

  /// GELU in its exact form (PyTorch's default, `approximate='none'`):
  ///
  /// ```
  /// gelu(x) = x · Φ(x) = ½ x (1 + erf(x / √2)),   gelu′(x) = Φ(x) + x φ(x)
  /// ```
  ///
  /// Reference: D. Hendrycks, K. Gimpel, "Gaussian Error Linear Units (GELUs)", 2016.
  public func gelu() -> Tensor {
    self * ((self * Float(1 / 2.0.squareRoot())).erf() + 1) * 0.5
  }

  /// log σ(x) = −softplus(−x), computed stably for large |x| (PyTorch's `logsigmoid`);
  /// d log σ = σ(−x) = 1 − σ(x).
  public func logSigmoid() -> Tensor {
    -((-self).softplus())
  }
}
