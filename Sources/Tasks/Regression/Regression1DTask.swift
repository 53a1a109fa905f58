import EBMProtocols
import Foundation
import Tensors

/// The 1-D regression tasks of Gustafsson et al. ("How to Train Your Energy-Based Model for
/// Regression", BMVC 2020, Sec. 4.1): 2000 training pairs from ``Regression1DDataset``, a
/// conditional energy E(x, y) over x, y ∈ ℝ, evaluated by the KL divergence from the true
/// p(y | x) on a 2048 × 2048 grid over [−3, 3]² (``RegressionKL``).
///
/// Like the reference code, which trains every model on one stored dataset, the data comes
/// from its own fixed generator (`dataSeed`), not from the run's seed: seeds vary the
/// initialisation, batch order and proposals.
///
/// Defaults are the paper's: `toynet`, Adam (lr 1e-3), batch 32, 75 epochs; NCE+ with a
/// Gaussian-mixture proposal (σ = 0.1, 0.8); ML-IS/KLD-IS with σ = 0.2, 1.6; per dataset,
/// ML-MCMC's λ (0.05 / 0.0125) and DSM's σ (0.2 / 0.075).
public struct Regression1DTask: LearningTask {
  public var dataset: Regression1DDataset
  /// Training pairs (the paper: 2000).
  public var trainCount: Int
  /// Seed of the data generator.
  public var dataSeed: UInt64
  /// Points per axis of the KL grid (the paper: 2048).
  public var gridSize: Int

  public init(
    dataset: Regression1DDataset, trainCount: Int = Options().trainCount, dataSeed: UInt64 = UInt64(Options().dataSeed),
    gridSize: Int = Options().grid
  ) {
    self.dataset = dataset
    self.trainCount = trainCount
    self.dataSeed = dataSeed
    self.gridSize = gridSize
  }

  public var energyKind: EnergyKind { .conditional(inputShape: [1], outputDimension: 1) }

  public var defaults: TaskDefaults {
    let nceProposal = ComponentReference("gmm", options: ["stds": .doubleList([0.1, 0.8])])
    let isProposal = ComponentReference("gmm", options: ["stds": .doubleList([0.2, 1.6])])
    return TaskDefaults(
      architecture: ComponentReference("toynet"), objective: ComponentReference("nce+"), sampler: nceProposal,
      optimizer: ComponentReference("adam", options: ["lr": .double(1e-3)]), epochs: 75, batchSize: 32,
      objectiveOverrides: [
        "ml-mcmc": ["lambda": .double(dataset == .one ? 0.05 : 0.0125)],
        "dsm": ["sigma": .double(dataset == .one ? 0.2 : 0.075)],
      ],
      samplerForObjective: ["nce+": nceProposal, "nce": nceProposal, "ml-is": isProposal, "kld-is": isProposal])
  }

  func dataset(count: Int, stream: UInt64) -> Dataset {
    var rng = RandomGenerator(seed: dataSeed).forked(stream: stream)
    let (x, y) = dataset.sample(count: count, using: &rng)
    return Dataset(x: Tensor(shape: [count, 1], scalars: x), y: Tensor(shape: [count, 1], scalars: y))
  }

  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    TaskData(train: dataset(count: trainCount, stream: 1), test: dataset(count: trainCount, stream: 2))
  }

  /// The evaluation grid [−3, 3] with `gridSize` points.
  public var grid: [Float] { Tensor.linspace(-3, 3, count: gridSize).scalars }

  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    let axis = grid
    let densities = ConditionalDensityGrid(model: model, xs: axis, ys: axis)
    let kl = RegressionKL.divergence(grid: densities, trueDensity: dataset.density)
    return [Metric("kl", kl, .lowerIsBetter)]
  }
}
