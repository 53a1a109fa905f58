import Tensors

/// A parametrised scalar energy E_θ(x, y): low energy means a compatible (x, y) pair, and
/// p_θ(y | x) ∝ exp(−E_θ(x, y) / T).
///
/// Energies are stateless values: the parameters θ are passed to every call, so a training
/// step can pass autodiff leaves and differentiate, a sampler can pass constants, and one
/// energy value serves many parameter sets (seeds, checkpoints).
///
/// Shapes follow ``EnergyKind``: a conditional energy takes x `[B, ...]` and candidates
/// y `[B, M, dy]` and returns `[B, M]`; an unconditional energy takes `x == nil` and points
/// y `[N, d]` and returns `[N]`. Papers that use a score f = −E (Gustafsson et al.) or logits
/// (OOD detection) are translated at the edge, once.
///
/// ∂E/∂y comes from autodiff by default (``energyGradient(x:y:parameters:createGraph:)``);
/// energies with a closed-form gradient override it.
public protocol EnergyFunction: Sendable {
  /// What the energy maps from and to.
  var kind: EnergyKind { get }

  /// Freshly initialised parameters (the energy's initialisation scheme, from `rng`).
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet

  /// E(x, y) for every candidate: `[B, M]` (conditional / discrete with y label indices
  /// stored as floats `[B, M]` or `[B, M, 1]`), or `[N]` (unconditional).
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor

  /// ∂E/∂y, the shape of y. With `createGraph`, the result is recorded and can be
  /// differentiated again with respect to the parameters (score matching).
  func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet, createGraph: Bool) -> Tensor

  /// ∂E/∂y and the Laplacian tr ∇²_y E of every candidate, both recorded so that they can be
  /// differentiated with respect to the parameters (score matching's loss is made of them).
  ///
  /// - Parameters:
  ///   - y: conditional `[B, M, dy]`, unconditional `[N, d]`; a constant.
  /// - Returns: the gradient (the shape of y) and the Laplacian (`[B, M]` or `[N]`).
  func energyGradientAndLaplacian(x: Tensor?, y: Tensor, parameters: ParameterSet) -> (gradient: Tensor, laplacian: Tensor)
}

extension EnergyFunction {
  /// Default ∂E/∂y: reverse-mode autodiff of Σ E(x, y). Safe for every energy; energies
  /// with an analytic gradient override it for speed.
  public func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet, createGraph: Bool) -> Tensor {
    withGradients {
      let leaf = y.isRecorded && createGraph ? y : y.detached.requiringGradient()
      let total = energy(x: x, y: leaf, parameters: parameters).sum()
      return gradients(of: total, at: [leaf], createGraph: createGraph)[0]
    }
  }

  /// Default gradient and Laplacian: ∂E/∂y recorded (``energyGradient(x:y:parameters:createGraph:)``),
  /// then the exact trace, one recorded backward pass per dimension k of y
  /// (∂/∂y_k of Σ ∂E/∂y_k). Safe for every energy; energies with a fused second-order pass
  /// override it for speed.
  public func energyGradientAndLaplacian(x: Tensor?, y: Tensor, parameters: ParameterSet) -> (
    gradient: Tensor, laplacian: Tensor
  ) {
    withGradients {
      let point = y.detached.requiringGradient()
      let d = y.shape[y.rank - 1]
      let gradient = energyGradient(x: x, y: point, parameters: parameters, createGraph: true)
      let last = gradient.rank - 1
      var trace: Tensor?
      for k in 0..<d {
        let component = d == 1 ? gradient : gradient.slice(alongAxis: last, k..<(k + 1))
        let second = gradients(of: component.sum(), at: [point], createGraph: true)[0]
        let diagonal = d == 1 ? second : second.slice(alongAxis: last, k..<(k + 1))
        trace = trace.map { $0 + diagonal } ?? diagonal
      }
      return (gradient, trace!.reshaped(Array(y.shape.dropLast())))
    }
  }

  /// ∂E/∂y without recording (sampling, inference).
  public func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    energyGradient(x: x, y: y, parameters: parameters.detached(), createGraph: false)
  }
}
