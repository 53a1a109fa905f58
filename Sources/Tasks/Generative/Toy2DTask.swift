import Foundation
import Tensors
import EBMProtocols

/// A generative task on a 2-D toy distribution: learn an unconditional energy E(x) whose
/// Langevin samples match the data.
///
/// Data: `size` training points, `validation-size` validation points and `test-size` held-out
/// points, drawn independently from ``Toy2DDistribution`` with the task's generator.
///
/// Evaluation: `test-size` samples of the evaluation sampler (Langevin from uniform noise)
/// against the held-out points: exact W1 and W2 (optimal assignment; sliced beyond 2000 points),
/// MMD (RBF kernel, median-heuristic bandwidth of the held-out set), mode coverage for the
/// 8 Gaussians (`min_mode_share`, null otherwise), and beside each the floor: the same figure
/// for a fresh draw of the data against the held-out points.
public struct Toy2DTask: LearningTask {
  public var distribution: Toy2DDistribution
  public var size: Int
  public var testSize: Int
  public var validationSize: Int
  public var noise: Double

  public init(
    distribution: Toy2DDistribution, size: Int = Options().size, testSize: Int = Options().testSize,
    validationSize: Int = Options().validationSize, noise: Double? = nil
  ) {
    self.distribution = distribution
    self.size = size
    self.testSize = testSize
    self.validationSize = validationSize
    self.noise = noise ?? distribution.defaultNoise
  }

  public var energyKind: EnergyKind { .unconditional(dimension: 2) }

  /// Defaults per objective: `cd` CD-k from the data with 20 Langevin steps, `pcd` a replay
  /// buffer, `ssm` no sampler, `nce` the Gaussian fitted to the data; Langevin evaluation
  /// from uniform noise with a decreasing step size.
  public var defaults: TaskDefaults {
    Toy2DTask.standardDefaults
  }

  /// The defaults shared by every toy distribution.
  public static var standardDefaults: TaskDefaults {
    let trainingLangevin: [String: OptionValue] = [
      "steps": .int(20), "step-size": .double(0.01), "noise-scale": .double(1),
    ]
    return TaskDefaults(
      architecture: ComponentReference("mlp", options: ["width": .int(128), "depth": .int(3), "activation": .string("silu")]),
      objective: ComponentReference("cd"),
      sampler: ComponentReference("langevin", options: trainingLangevin),
      optimizer: ComponentReference("adam", options: ["lr": .double(3e-3)]),
      // Cosine decay to zero, so that the final parameters settle instead of jittering
      // between the sampler's noisy negatives.
      schedule: .cosine(minimum: 0),
      epochs: 60, batchSize: 128,
      evaluationSampler: ComponentReference(
        "langevin",
        options: [
          "steps": .int(500), "step-size": .double(0.05), "schedule": .string("geometric"),
          "final-step-size": .double(0.002), "noise-scale": .double(1),
        ]),
      objectiveOverrides: [
        // One noisy copy per point (Vincent 2011), σ below the data's own scale.
        "dsm": ["sigma": .double(0.1), "samples": .int(1)],
        // 16 noise points per data point from the Gaussian fitted to the data.
        "nce": ["samples": .int(16)],
        // Persistent chains rarely visit far regions, so a weaker regulariser lets the energy
        // rise there (α = 0.1 leaves it flat on the moons: W2 2.2 against 0.25 at α = 0.01).
        "pcd": ["alpha": .double(0.01)],
      ],
      samplerForObjective: [
        "cd": ComponentReference("langevin", options: trainingLangevin),
        "pcd": ComponentReference("replay-langevin", options: trainingLangevin),
        "nce": ComponentReference("gaussian"),
      ])
  }

  public func makeData(using rng: inout RandomGenerator) throws -> TaskData {
    var trainRNG = rng.forked(stream: 1)
    var testRNG = rng.forked(stream: 2)
    var validationRNG = rng.forked(stream: 3)
    let train = Dataset(x: nil, y: distribution.sample(count: size, noise: noise, using: &trainRNG))
    let test = Dataset(x: nil, y: distribution.sample(count: testSize, noise: noise, using: &testRNG))
    let validation = validationSize > 0
      ? Dataset(x: nil, y: distribution.sample(count: validationSize, noise: noise, using: &validationRNG)) : nil
    return TaskData(train: train, validation: validation, test: test)
  }

  /// A fresh draw of the data (for floors), independent of the training and held-out sets.
  func freshData(count: Int, using rng: inout RandomGenerator) -> Tensor {
    distribution.sample(count: count, noise: noise, using: &rng)
  }

  /// Samples of the model from the evaluation sampler.
  func modelSamples(_ model: TrainedEnergy, count: Int, context: inout EvaluationContext) throws -> Tensor {
    guard var sampler = context.sampler else {
      throw EBMError.incompatible("task '\(distribution.rawValue)' evaluates Langevin samples but has no evaluation sampler")
    }
    var rng = context.rng.forked(stream: 11)
    return try EnergySampling.points(of: model, count: count, dimension: 2, sampler: &sampler, using: &rng)
  }

  public func evaluate(_ model: TrainedEnergy, on data: TaskData, context: inout EvaluationContext) throws -> [Metric] {
    let heldOut = data.test.y
    let n = heldOut.shape[0]
    let samples = try modelSamples(model, count: n, context: &context)
    var freshRNG = context.rng.forked(stream: 12)
    let fresh = freshData(count: n, using: &freshRNG)
    var wassersteinRNG = context.rng.forked(stream: 13)
    let model = WassersteinDistance(samples, heldOut, using: &wassersteinRNG)
    let floor = WassersteinDistance(fresh, heldOut, using: &wassersteinRNG)
    let bandwidth = MaximumMeanDiscrepancy.medianBandwidth(heldOut)
    var metrics = [
      Metric("w2", model.w2, .lowerIsBetter),
      Metric("w2_floor", floor.w2, .lowerIsBetter),
      Metric("w1", model.w1, .lowerIsBetter),
      Metric("w1_floor", floor.w1, .lowerIsBetter),
      Metric("mmd", MaximumMeanDiscrepancy.distance(samples, heldOut, bandwidth: bandwidth), .lowerIsBetter),
      Metric("mmd_floor", MaximumMeanDiscrepancy.distance(fresh, heldOut, bandwidth: bandwidth), .lowerIsBetter),
    ]
    if let modes = distribution.modes {
      metrics.append(Metric("min_mode_share", ModeCoverage.shares(samples, modes: modes).min(), .higherIsBetter))
      metrics.append(Metric("min_mode_share_floor", ModeCoverage.shares(fresh, modes: modes).min(), .higherIsBetter))
    } else {
      metrics.append(Metric("min_mode_share", nil, .higherIsBetter))
    }
    return metrics
  }

  public func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL] {
    let samples = try modelSamples(model, count: data.test.count, context: &context)
    let image = Toy2DPicture.render(model: model, data: data.test.y, samples: samples, title: prefix)
    let url = directory.appendingPathComponent("\(prefix).png")
    do {
      try image.writePNG(to: url)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "cannot be written (\(error.localizedDescription))")
    }
    return [url]
  }
}
