import EBMProtocols
import Foundation
import Tensors

/// Conditional Gaussian energy E(x, y) = (y − a x − b)² / (2 s²), s = exp(logs), whose
/// normaliser is known: log Z(x) = log(s √(2π)).
struct RegressionGaussianEnergy: EnergyFunction {
  var kind: EnergyKind { .conditional(inputShape: [1], outputDimension: 1) }

  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    ["a": Tensor([0.5]), "b": Tensor([0.1]), "logs": Tensor([Float(Foundation.log(0.3))])]
  }

  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let x = x!
    let b = y.shape[0]
    let m = y.shape[1]
    let mean = x.reshaped([b, 1]) * parameters["a"]! + parameters["b"]!
    let scale = (parameters["logs"]! * 2).exp()
    return (y.reshaped([b, m]) - mean).squared() / (scale * 2)
  }
}

/// Unconditional isotropic Gaussian energy E(y) = ‖y − μ‖² / (2 s²) + c on ℝ^d.
struct RegressionUnconditionalGaussianEnergy: EnergyFunction {
  var dimension: Int
  var kind: EnergyKind { .unconditional(dimension: dimension) }

  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet {
    ["mu": Tensor(repeating: 0, shape: [dimension]), "logs": Tensor([0]), "c": Tensor([0])]
  }

  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    let scale = (parameters["logs"]! * 2).exp()
    return (y - parameters["mu"]!).squared().sum(alongAxis: 1) / (scale * 2) + parameters["c"]!
  }
}
