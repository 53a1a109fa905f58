import EBMProtocols
import Tensors

/// The 1-D regression network of Gustafsson et al. (BMVC 2020, "How to Train Your
/// Energy-Based Model for Regression", `1dregression/model.py` of fregu856/ebms_regression),
/// as an energy E(x, y) = −f(x, y).
///
/// ```
/// feature net   h_x = relu(W₂ relu(W₁ x + b₁) + b₂)                 1 → 10 → 10
/// predictor     h_y = tanh(W_y y + b_y)                              1 → 10
///               h₁  = tanh(W_xy [h_x; h_y] + b)                      20 → 10
///               h₂  = tanh(W₂' h₁ + b₂') + h₁                        10 → 10
///               h₃  = tanh(W₃' h₂ + b₃') + h₂                        10 → 10
///               f   = W₄ h₃ + b₄                                     10 → 1
/// ```
///
/// The x features are computed once per example and shared by its M candidates: the first
/// xy layer is split into its x columns (applied once per example) and its y columns
/// (applied per candidate), which is the same function as the paper's concatenation without
/// copying x per candidate.
///
/// Parameters use PyTorch's names and layout (`feature.fc1.weight` `[10, 1]`, …,
/// `predictor.fc1.weight` `[10, 20]` whose first 10 columns act on the x features), and
/// PyTorch's default initialisation U(±1/√fan_in).
///
/// Shapes: x `[B, 1]`, y `[B, M, 1]` (or `[B, M]`) → E `[B, M]`.
public struct ToyNet: EnergyFunction {
  /// Width of every hidden layer (the paper: 10).
  public var hidden: Int

  public init(hidden: Int = Options().hidden) {
    precondition(hidden >= 1, "ToyNet needs hidden >= 1")
    self.hidden = hidden
  }

  public var kind: EnergyKind { .conditional(inputShape: [1], outputDimension: 1) }

  var featureFC1: LinearLayer { LinearLayer(name: "feature.fc1", inputs: 1, outputs: hidden) }
  var featureFC2: LinearLayer { LinearLayer(name: "feature.fc2", inputs: hidden, outputs: hidden) }
  var predictorY: LinearLayer { LinearLayer(name: "predictor.fc_y", inputs: 1, outputs: hidden) }
  var predictorFC1: LinearLayer { LinearLayer(name: "predictor.fc1", inputs: 2 * hidden, outputs: hidden) }
  var predictorFC2: LinearLayer { LinearLayer(name: "predictor.fc2", inputs: hidden, outputs: hidden) }
  var predictorFC3: LinearLayer { LinearLayer(name: "predictor.fc3", inputs: hidden, outputs: hidden) }
  var predictorFC4: LinearLayer { LinearLayer(name: "predictor.fc4", inputs: hidden, outputs: 1) }

  public func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    var parameters: ParameterSet = [:]
    for layer in [featureFC1, featureFC2, predictorY, predictorFC1, predictorFC2, predictorFC3, predictorFC4] {
      layer.initialise(into: &parameters, using: &rng)
    }
    return parameters
  }

  /// The x features h_x `[B, hidden]`.
  public func features(x: Tensor, parameters: ParameterSet) -> Tensor {
    precondition(x.rank == 2 && x.shape[1] == 1, "ToyNet: x must be [B, 1], got \(x.shape)")
    return featureFC2(featureFC1(x, parameters).relu(), parameters).relu()
  }

  /// The x part of the first xy layer, W_xy[:, :hidden] h_x + b, `[B, hidden]` (once per example).
  func xContribution(features: Tensor, parameters: ParameterSet) -> Tensor {
    let w = parameters[predictorFC1.weightKey]!.slice(alongAxis: 1, 0..<hidden)
    return Tensor.matmul(features, w, transposeB: true) + parameters[predictorFC1.biasKey]!
  }

  /// E(x, y) = −f(x, y) for candidates `[B, M, 1]` given the per-example x contribution
  /// `[B, hidden]`.
  ///
  /// The candidate layers run as one fused ``Tensor/denseChain(_:layers:)``: the x
  /// contribution enters the first xy layer as a per-example bias shared by the M candidates,
  /// and the sign of E is folded into the last layer (−W₄, −b₄).
  func candidateEnergies(xContribution: Tensor, y: Tensor, parameters: ParameterSet) -> Tensor {
    let (b, m) = (y.shape[0], y.shape[1])
    return Tensor.denseChain(y.reshaped([b * m, 1]), layers: candidateLayers(xContribution: xContribution, parameters: parameters))
      .reshaped([b, m])
  }

  /// The candidate layers as a dense chain from y to E (the sign folded into the last layer).
  func candidateLayers(xContribution: Tensor, parameters p: ParameterSet) -> [DenseChainLayer] {
    let wxyY = p[predictorFC1.weightKey]!.slice(alongAxis: 1, hidden..<(2 * hidden))
    return [
      DenseChainLayer(weight: p[predictorY.weightKey]!, bias: p[predictorY.biasKey]!, activation: .tanh),
      DenseChainLayer(weight: wxyY, bias: xContribution, activation: .tanh),
      DenseChainLayer(weight: p[predictorFC2.weightKey]!, bias: p[predictorFC2.biasKey]!, activation: .tanh, residual: true),
      DenseChainLayer(weight: p[predictorFC3.weightKey]!, bias: p[predictorFC3.biasKey]!, activation: .tanh, residual: true),
      DenseChainLayer(weight: -p[predictorFC4.weightKey]!, bias: -p[predictorFC4.biasKey]!, activation: .identity),
    ]
  }

  public func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    guard let x else { preconditionFailure("ToyNet is a conditional energy: x is required") }
    let candidates = y.rank == 2 ? y.unsqueezed(at: 2) : y
    precondition(
      candidates.rank == 3 && candidates.shape[2] == 1 && candidates.shape[0] == x.shape[0],
      "ToyNet: y must be [B, M, 1] with B = \(x.shape[0]), got \(y.shape)")
    let contribution = xContribution(features: features(x: x, parameters: parameters), parameters: parameters)
    return candidateEnergies(xContribution: contribution, y: candidates, parameters: parameters)
  }

  /// ∂E/∂y: the fused chain's forward-mode tangent along y
  /// (``Tensor/denseChainTangent(_:layers:direction:)``), y being a scalar per candidate:
  ///
  /// ```
  /// u_y = (1 − h_y²) ⊙ w_y,  u₁ = (1 − h₁²) ⊙ (u_y W_xy,yᵀ),
  /// u_k = (1 − t_k²) ⊙ (u_{k−1} W_kᵀ) + u_{k−1}  (residual blocks, t_k their tanh part),
  /// ∂E/∂y = −u₃ w₄ᵀ
  /// ```
  ///
  /// With `createGraph` (denoising score matching) the result is recorded: its parameter
  /// gradient is one more fused tile pass (the reverse of the tangent recursion), and a recorded
  /// backward pass differentiates it again through the layer-by-layer composition (score
  /// matching's trace does not: ``energyGradientAndLaplacian(x:y:parameters:)``).
  /// Without it (Langevin steps, prediction) nothing is recorded
  /// (``sampledGradient(x:candidates:parameters:)``).
  public func energyGradient(x: Tensor?, y: Tensor, parameters: ParameterSet, createGraph: Bool) -> Tensor {
    guard let x else { preconditionFailure("ToyNet is a conditional energy: x is required") }
    let candidates = y.rank == 2 ? y.unsqueezed(at: 2) : y
    precondition(
      candidates.rank == 3 && candidates.shape[2] == 1 && candidates.shape[0] == x.shape[0],
      "ToyNet: y must be [B, M, 1] with B = \(x.shape[0]), got \(y.shape)")
    guard createGraph else { return sampledGradient(x: x, candidates: candidates, parameters: parameters).reshaped(y.shape) }
    return withGradients {
      let (b, m) = (candidates.shape[0], candidates.shape[1])
      let contribution = xContribution(features: features(x: x, parameters: parameters), parameters: parameters)
      let layers = candidateLayers(xContribution: contribution, parameters: parameters)
      return Tensor.denseChainTangent(candidates.reshaped([b * m, 1]), layers: layers).reshaped(y.shape)
    }
  }

  /// ∂E/∂y and ∂²E/∂y² (the Laplacian: y is a scalar per candidate) in one fused second-order
  /// forward-mode pass through the candidate chain
  /// (``Tensor/denseChainSecondTangent(_:layers:direction:)``), both recorded: their parameter
  /// gradient is one more fused tile pass, with no recorded backward pass in between (score
  /// matching's exact trace).
  public func energyGradientAndLaplacian(x: Tensor?, y: Tensor, parameters: ParameterSet) -> (
    gradient: Tensor, laplacian: Tensor
  ) {
    guard let x else { preconditionFailure("ToyNet is a conditional energy: x is required") }
    let candidates = y.rank == 2 ? y.unsqueezed(at: 2) : y
    precondition(
      candidates.rank == 3 && candidates.shape[2] == 1 && candidates.shape[0] == x.shape[0],
      "ToyNet: y must be [B, M, 1] with B = \(x.shape[0]), got \(y.shape)")
    return withGradients {
      let (b, m) = (candidates.shape[0], candidates.shape[1])
      let contribution = xContribution(features: features(x: x, parameters: parameters), parameters: parameters)
      let layers = candidateLayers(xContribution: contribution, parameters: parameters)
      let both = Tensor.denseChainSecondTangent(candidates.detached.reshaped([b * m, 1]), layers: layers)
      return (both.slice(alongAxis: 0, 0..<1).reshaped(y.shape), both.slice(alongAxis: 0, 1..<2).reshaped([b, m]))
    }
  }

  /// ∂E/∂y without a graph (Langevin steps, gradient-ascent prediction): the fused chain's
  /// forward-mode tangent along y (``Tensor/denseChainTangent(_:layers:direction:)``), one
  /// pass over the candidates with nothing stored and no parameter gradient.
  func sampledGradient(x: Tensor, candidates: Tensor, parameters: ParameterSet) -> Tensor {
    withoutGradients {
      let (b, m) = (candidates.shape[0], candidates.shape[1])
      let contribution = xContribution(features: features(x: x, parameters: parameters), parameters: parameters)
      let layers = candidateLayers(xContribution: contribution, parameters: parameters)
      return Tensor.denseChainTangent(candidates.reshaped([b * m, 1]), layers: layers)
    }
  }
}
