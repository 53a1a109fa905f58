import EBMProtocols
import Foundation
import Tensors

/// Test double: 1-D regression on the line y = 2x − 0.5 + 0.1·ε, x ~ U[−1, 1], ε ~ N(0, 1).
/// Metrics: `test_energy` (mean E(x, y) over the test set) and `grid_mse` (mean squared error
/// of argmin_y E(x, y) over a grid of 241 points in [−3, 3]).
public struct ToyLineTask: LearningTask {
  public var trainCount: Int
  public var testCount: Int
  public var epochs: Int

  public init(trainCount: Int = 64, testCount: Int = 32, epochs: Int = 5) {
    self.trainCount = trainCount
    self.testCount = testCount
    self.epochs = epochs
  }

  public var energyKind: EnergyKind { .conditional(inputShape: [1], outputDimension: 1) }

  public var defaults: TaskDefaults {
    TaskDefaults(
      architecture: ComponentReference("toy-linear"), objective: ComponentReference("toy-energy"),
      optimizer: ComponentReference("adam", options: ["lr": 0.05]), epochs: epochs, batchSize: 16,
      samplerForObjective: ["toy-ml-is": ComponentReference("toy-gaussian")])
  }

  static func points(_ n: Int, using rng: inout RandomGenerator) -> Dataset {
    let x = Tensor.uniform([n, 1], low: -1, high: 1, using: &rng)
    let noise = Tensor.normal([n, 1], std: 0.1, using: &rng)
    return Dataset(x: x, y: x * 2 - 0.5 + noise)
  }

  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    let train = ToyLineTask.points(trainCount, using: &rng)
    let test = ToyLineTask.points(testCount, using: &rng)
    return TaskData(train: train, test: test)
  }

  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    let x = data.test.x!
    let y = data.test.y
    let n = data.test.count
    let testEnergy = Double(model(x: x, y: y.unsqueezed(at: 1)).mean().scalar)
    let grid = (0...240).map { -3 + Float($0) * 0.025 }
    let candidates = Tensor(shape: [1, grid.count, 1], scalars: grid).expanded(to: [n, grid.count, 1])
    let energies = model(x: x, y: candidates).scalars
    var squaredError = 0.0
    for i in 0..<n {
      let row = energies[(i * grid.count)..<((i + 1) * grid.count)]
      let best = row.indices.min { row[$0] < row[$1] }! - i * grid.count
      let error = Double(grid[best] - y.scalars[i])
      squaredError += error * error
    }
    return [
      Metric("test_energy", testEnergy, .lowerIsBetter), Metric("grid_mse", squaredError / Double(n), .lowerIsBetter),
    ]
  }
}
