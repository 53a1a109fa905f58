import Testing
import Tensors
import EBMProtocols
@testable import Losses

/// E(x) = ½ a ‖x‖² with one parameter a: ∇E = a x, ∇²E = a I (score known in closed form).
struct GenerativeQuadraticEnergy: EnergyFunction {
  var kind: EnergyKind { .unconditional(dimension: 2) }
  func initialParameters(using rng: inout RandomGenerator) -> ParameterSet { ["a": Tensor([1.5])] }
  func energy(x: Tensor?, y: Tensor, parameters: ParameterSet) -> Tensor {
    y.squared().sum(alongAxis: 1) * parameters["a"]! * 0.5
  }
}

/// A dynamics sampler that returns fixed points (and records the start it was given).
struct GenerativeFixedSampler: DynamicsSampler {
  var points: Tensor
  var lastCenter: Tensor?
  mutating func sample(_ request: ChainRequest, using rng: inout RandomGenerator) throws -> SampleResult {
    lastCenter = request.start
    return SampleResult(samples: points)
  }
}

@Suite struct GenerativeLossTests {
  let positives = Tensor([[1, 0], [0, 2], [1, 1]])
  let negatives = Tensor([[2, 0], [0, -1], [3, 1]])

  func context(sampler: (any ProposalSampler)?, a: Float = 1.5, seed: UInt64 = 5) -> (LossContext, Tensor) {
    let leaf = Tensor([a]).requiringGradient()
    let ctx = LossContext(
      energy: GenerativeQuadraticEnergy(), parameters: ["a": leaf], batch: Batch(x: nil, y: positives),
      sampler: sampler, rng: RandomGenerator(seed: seed), step: 0)
    return (ctx, leaf)
  }

  @Test func contrastiveDivergenceMatchesHandComputation() throws {
    // ‖x⁺‖² = 1, 4, 2 → E⁺ = 0.75, 3, 1.5; ‖x⁻‖² = 4, 1, 10 → E⁻ = 3, 0.75, 7.5 (a = 1.5).
    let alpha: Float = 0.1
    let ePlus: [Double] = [0.75, 3, 1.5]
    let eMinus: [Double] = [3, 0.75, 7.5]
    func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
    let expected = mean(ePlus) - mean(eMinus) + Double(alpha) * (mean(ePlus.map { $0 * $0 }) + mean(eMinus.map { $0 * $0 }))
    // dL/da = mean(E⁺/a) − mean(E⁻/a) + α(mean(2E⁺²/a) + mean(2E⁻²/a)).
    let a = 1.5
    let expectedGradient = mean(ePlus) / a - mean(eMinus) / a
      + Double(alpha) * (mean(ePlus.map { 2 * $0 * $0 / a }) + mean(eMinus.map { 2 * $0 * $0 / a }))
    for start in ContrastiveDivergence.Start.allCases {
      var (ctx, leaf) = context(sampler: GenerativeFixedSampler(points: negatives))
      var objective = ContrastiveDivergence(start: start, alpha: alpha)
      let loss = try withGradients { try objective.loss(&ctx) }
      #expect(Swift.abs(Double(loss.scalar) - expected) < 1e-5, "\(start): \(loss.scalar) vs \(expected)")
      let g = gradients(of: loss, at: [leaf])[0].scalar
      #expect(Swift.abs(Double(g) - expectedGradient) < 1e-4)
      // CD-k starts the chains at the data; PCD and short-run from the sampler's own state.
      let center = (ctx.sampler as! GenerativeFixedSampler).lastCenter
      #expect((center?.scalars == positives.scalars) == (start == .data))
    }
  }

  @Test func contrastiveDivergenceNeedsASampler() {
    var (ctx, _) = context(sampler: nil)
    var objective = ContrastiveDivergence(start: .data, alpha: 0)
    #expect(throws: EBMError.self) { _ = try withGradients { try objective.loss(&ctx) } }
  }

  @Test(arguments: [true, false])
  func slicedScoreMatchingMatchesHandComputation(varianceReduction: Bool) throws {
    // ∇E = a x, vᵀ∇²E v = a‖v‖²: J = mean(½ a²‖x‖² − a‖v‖²) (VR) or mean(½ a²(vᵀx)² − a‖v‖²).
    let a = 1.5
    var (ctx, leaf) = context(sampler: nil, a: Float(a), seed: 9)
    var rng = RandomGenerator(seed: 9)
    let v = Tensor.normal([3, 2], using: &rng).scalars.map(Double.init)
    let x = positives.scalars.map(Double.init)
    var expected = 0.0
    var expectedGradient = 0.0
    for i in 0..<3 {
      let vv = v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1]
      let xx = x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1]
      let vx = v[2 * i] * x[2 * i] + v[2 * i + 1] * x[2 * i + 1]
      let quadratic = varianceReduction ? xx : vx * vx
      expected += (0.5 * a * a * quadratic - a * vv) / 3
      expectedGradient += (a * quadratic - vv) / 3
    }
    var objective = SlicedScoreMatching(projections: 1, projection: .gaussian, varianceReduction: varianceReduction)
    let loss = try withGradients { try objective.loss(&ctx) }
    #expect(Swift.abs(Double(loss.scalar) - expected) < 1e-4, "\(loss.scalar) vs \(expected)")
    let g = gradients(of: loss, at: [leaf])[0].scalar
    #expect(Swift.abs(Double(g) - expectedGradient) < 1e-4)
  }
}
