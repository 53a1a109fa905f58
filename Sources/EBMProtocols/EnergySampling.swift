import Foundation
import Tensors

/// Samples of a trained energy, p(y) ∝ exp(−E(y)) (or p(y | x) ∝ exp(−E(x, y))), from a sampler
/// of any kind: a dynamics sampler (Langevin, MALA, HMC, …) samples the energy directly; a
/// proposal with a density q is corrected by sampling–importance–resampling (Rubin 1988):
///
/// ```
/// y₁ … y_N ~ q,   N = 16 · count,   w_j ∝ exp(−E(y_j)) / q(y_j),   count draws of j ~ w
/// ```
///
/// Label energies are sampled exactly from p(y | x) = softmax(−E(x, ·)). What `ebm sample`
/// writes; callable from Swift with any model and sampler.
///
/// ```swift
/// var sampler = try pipeline.samplingSampler(data: data)
/// let points = try EnergySampling.points(of: model, count: 1000, dimension: 2, sampler: &sampler, using: &rng)
/// ```
public enum EnergySampling {
  /// Proposals drawn per kept sample when resampling a density proposal.
  public static let oversampling = 16

  /// `count` points of an unconditional energy, `[count, dimension]`.
  ///
  /// - Throws: ``EBMError/incompatible(_:)`` when the sampler is of neither kind; the sampler's errors.
  public static func points(
    of model: TrainedEnergy, count: Int, dimension: Int, sampler: inout any ProposalSampler,
    using rng: inout RandomGenerator
  ) throws -> Tensor {
    if var dynamics = sampler as? any DynamicsSampler {
      defer { sampler = dynamics }
      return try dynamics.sample(ChainRequest(model: model, count: count), using: &rng).samples
    }
    var density = try densitySampler(sampler)
    defer { sampler = density }
    let proposals = try density.propose(.unconditional(count: count * oversampling, dimension: dimension), using: &rng)
    let energies = model(x: nil, y: proposals.samples).scalars
    let picks = resample(energies: energies, logQ: proposals.logDensity.scalars, count: count, using: &rng)
    return proposals.samples.reshaped([count * oversampling, dimension]).indexSelect(picks)
  }

  /// `count` candidates y for each input of a conditional energy, started (dynamics) or
  /// centred (proposals) at `center` `[B, dy]`: `[B, count, dy]`.
  ///
  /// - Throws: as ``points(of:count:dimension:sampler:using:)``.
  public static func candidates(
    of model: TrainedEnergy, x: Tensor?, center: Tensor, count: Int, sampler: inout any ProposalSampler,
    using rng: inout RandomGenerator
  ) throws -> Tensor {
    let (b, d) = (center.shape[0], center.shape[1])
    if var dynamics = sampler as? any DynamicsSampler {
      defer { sampler = dynamics }
      let result = try dynamics.sample(ChainRequest(model: model, x: x, start: center, count: count), using: &rng)
      return result.samples.reshaped([b, count, d])
    }
    let m = count * oversampling
    var density = try densitySampler(sampler)
    defer { sampler = density }
    let result = try density.propose(.around(center, count: m), using: &rng)
    let logQ = result.logDensity.scalars
    let energies = model(x: x, y: result.samples).scalars
    let proposals = result.samples.scalars
    var out: [Float] = []
    out.reserveCapacity(b * count * d)
    for i in 0..<b {
      let slice = (i * m)..<((i + 1) * m)
      let picks = resample(energies: Array(energies[slice]), logQ: Array(logQ[slice]), count: count, using: &rng)
      for p in picks { out += proposals[((i * m + p) * d)..<((i * m + p + 1) * d)] }
    }
    return Tensor(shape: [b, count, d], scalars: out)
  }

  /// `count` labels per input of a label energy, drawn from softmax(−E(x, ·)): `[B][count]`.
  ///
  /// - Throws: ``EBMError/incompatible(_:)`` when the model is not a label energy.
  public static func labels(of model: TrainedEnergy, x: Tensor, count: Int, using rng: inout RandomGenerator) throws
    -> [[Int]]
  {
    guard let energies = model.labelEnergies(x: x) else {
      throw EBMError.incompatible("the architecture is not a label energy; help: sample a conditional or unconditional task")
    }
    let (b, k) = (energies.shape[0], energies.shape[1])
    let probabilities = (energies * -1).softmax(alongAxis: 1).scalars
    return (0..<b).map { i in rng.categorical(Array(probabilities[(i * k)..<((i + 1) * k)]), count: count) }
  }

  /// `count` indices drawn with weights w ∝ exp(−E − log q), computed stably (uniform when no
  /// weight is finite).
  public static func resample(energies: [Float], logQ: [Float], count: Int, using rng: inout RandomGenerator) -> [Int] {
    let logW = zip(energies, logQ).map { -Double($0) - Double($1) }
    let finite = logW.filter(\.isFinite)
    guard let top = finite.max() else { return (0..<count).map { _ in rng.uniformInt(below: energies.count) } }
    let weights = logW.map { $0.isFinite ? Float(Foundation.exp($0 - top)) : 0 }
    return rng.categorical(weights, count: count)
  }

  static func densitySampler(_ sampler: any ProposalSampler) throws -> any DensitySampler {
    guard let density = sampler as? any DensitySampler else {
      throw EBMError.incompatible(
        "sampler \(sampler.typeName) is neither a dynamics sampler nor a proposal with a density; help: conform it to DynamicsSampler or DensitySampler")
    }
    return density
  }
}
