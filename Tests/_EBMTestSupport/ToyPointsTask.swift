import EBMProtocols
import Tensors

/// Test double: 2-D points from N((1.5, −1), 0.25 I). Metric `mean_error`: the distance
/// between the data mean and the mean of 256 evaluation-sampler draws (or the minimiser μ
/// when there is no sampler).
public struct ToyPointsTask: LearningTask {
  public init() {}

  public static let center: [Float] = [1.5, -1]

  public var energyKind: EnergyKind { .unconditional(dimension: 2) }

  public var defaults: TaskDefaults {
    TaskDefaults(
      architecture: ComponentReference("toy-point"), objective: ComponentReference("toy-energy"),
      optimizer: ComponentReference("adam", options: ["lr": 0.1]), epochs: 4, batchSize: 32,
      evaluationSampler: ComponentReference("toy-langevin", options: ["steps": 200]))
  }

  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    func points(_ n: Int) -> Dataset {
      Dataset(x: nil, y: Tensor.normal([n, 2], std: 0.5, using: &rng) + Tensor(ToyPointsTask.center))
    }
    return TaskData(train: points(128), test: points(64))
  }

  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    let dataMean = data.test.y.mean(alongAxis: 0).scalars
    var modelMean = model.parameters["mu"]?.scalars ?? [0, 0]
    if var sampler = context.sampler {
      let draws = try EnergySampling.points(of: model, count: 256, dimension: 2, sampler: &sampler, using: &context.rng)
      modelMean = draws.mean(alongAxis: 0).scalars
    }
    let distance = zip(dataMean, modelMean).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +).squareRoot()
    return [Metric("mean_error", distance, .lowerIsBetter)]
  }
}
