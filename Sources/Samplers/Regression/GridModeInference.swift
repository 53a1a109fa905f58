import EBMProtocols
import Tensors

/// Prediction of a 1-D conditional energy by a dense y grid: y* = argmin_{y_j} E(x, y_j) over
/// `count` evenly spaced points of [low, high] (the mode of p(y | x) up to the grid spacing).
public struct GridModeInference: EnergyInference {
  public var low: Float
  public var high: Float
  public var count: Int

  public init(low: Float = -3, high: Float = 3, count: Int = 2048) {
    precondition(low < high && count >= 2, "grid-mode: needs low < high and count >= 2")
    self.low = low
    self.high = high
    self.count = count
  }

  public func infer(_ model: TrainedEnergy, x: Tensor?, initial: Tensor?, using rng: inout RandomGenerator) throws -> Tensor {
    guard let x else { throw EBMError.invalid("grid-mode needs inputs x for a conditional energy") }
    guard case let .conditional(_, dimension) = model.energy.kind, dimension == 1 else {
      throw EBMError.incompatible("grid-mode searches a 1-D y grid; the energy is \(model.energy.kind); help: use gradient-ascent")
    }
    let b = x.shape[0]
    let grid = Tensor.linspace(low, high, count: count)
    let energies = model(x: x, y: grid.reshaped([1, count, 1]).expanded(to: [b, count, 1]))
    let best = energies.argmin(alongAxis: 1)
    return Tensor(shape: [b, 1], scalars: best.map { grid.scalars[$0] })
  }
}
