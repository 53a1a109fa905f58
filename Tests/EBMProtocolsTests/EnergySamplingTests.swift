import EBMProtocols
import Foundation
import Tensors
import Testing
import _EBMTestSupport

@Suite struct EnergySamplingTests {
  /// Sampling–importance–resampling picks index i with probability ∝ exp(−Eᵢ − log qᵢ):
  /// here weights ∝ (e⁰, e^{ln 3}) = (1, 3), so index 1 has probability 3/4; 4000 draws
  /// have standard error √(3/16/4000) ≈ 0.007, so the frequency is within 0.03 of 0.75.
  @Test func resamplingFollowsTheImportanceWeights() {
    var rng = RandomGenerator(seed: 1)
    let picks = EnergySampling.resample(
      energies: [1, 1 - Float(Foundation.log(3.0))], logQ: [-1, -1], count: 4000, using: &rng)
    let share = Double(picks.filter { $0 == 1 }.count) / 4000
    #expect(Swift.abs(share - 0.75) < 0.03)
    // Non-finite weights are never picked.
    let safe = EnergySampling.resample(energies: [.infinity, 0], logQ: [0, 0], count: 100, using: &rng)
    #expect(safe.allSatisfy { $0 == 1 })
  }

  /// E(y) = ½‖y − μ‖² has Gibbs density N(μ, I); resampled draws of a wide proposal N(0, 2² I)
  /// have mean μ and unit variance per coordinate. 4000 draws out of 64 000 proposals: the
  /// mean's standard error is ≈ 0.02–0.03 (duplicates included), so 0.1 is four of them.
  @Test func resampledPointsFollowTheGibbsDensity() throws {
    let model = TrainedEnergy(energy: ToyPointEnergy(dimension: 2), parameters: ["mu": Tensor([1, -0.5])])
    var sampler: any ProposalSampler = ToyGaussianProposal(std: 2)
    var rng = RandomGenerator(seed: 5)
    let points = try EnergySampling.points(of: model, count: 4000, dimension: 2, sampler: &sampler, using: &rng)
    #expect(points.shape == [4000, 2])
    for (k, mu) in [(0, 1.0), (1, -0.5)] {
      let column = stride(from: k, to: points.count, by: 2).map { Double(points.scalars[$0]) }
      let mean = column.reduce(0, +) / Double(column.count)
      let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)
      #expect(Swift.abs(mean - mu) < 0.1, "coordinate \(k) mean \(mean)")
      #expect(Swift.abs(variance - 1) < 0.2, "coordinate \(k) variance \(variance)")
    }
  }

  /// Conditional candidates keep one row of `count` per input, each drawn from that input's own
  /// proposals (centred on its target), and the same seed gives the same bits.
  @Test func candidatesAreResampledPerInput() throws {
    let model = TrainedEnergy(energy: ToyLinearEnergy(), parameters: ["w": Tensor([0.5]), "c": Tensor([0])])
    let center = Tensor(shape: [2, 1], scalars: [-3, 3])
    func draw() throws -> Tensor {
      var sampler: any ProposalSampler = ToyGaussianProposal(std: 0.1)
      var rng = RandomGenerator(seed: 9)
      return try EnergySampling.candidates(
        of: model, x: Tensor(shape: [2, 1], scalars: [0, 1]), center: center, count: 5, sampler: &sampler, using: &rng)
    }
    let candidates = try draw()
    #expect(candidates.shape == [2, 5, 1])
    #expect(candidates.scalars[0..<5].allSatisfy { Swift.abs($0 + 3) < 1 })
    #expect(candidates.scalars[5..<10].allSatisfy { Swift.abs($0 - 3) < 1 })
    #expect(try draw().scalars == candidates.scalars)
  }
}
