import EBMProtocols

extension LossRegistration {
  static func registerGenerative(in registry: inout Registry) {
    registry.objectives.register(
      name: "cd", summary: "contrastive divergence CD-k: Langevin negatives started at the data",
      details: "L = mean E(x+) − mean E(x−) + α(mean E(x+)² + mean E(x−)²) (Hinton 2002; Du & Mordatch 2019). k = the sampler's steps.",
      options: [
        .double("alpha", 0.1, "energy-magnitude regulariser α", range: 0...1e6),
        .choice("start", "data", ContrastiveDivergence.Start.allCases.map(\.rawValue), "where negative chains start"),
        .int("samples", 1, "negatives per example (conditional energies)", range: 1...1_000_000),
      ]
    ) { o, _ in
      ContrastiveDivergence(
        start: ContrastiveDivergence.Start(rawValue: o.string("start"))!, alpha: o.float("alpha"),
        samples: o.int("samples"))
    }
    registry.objectives.register(
      name: "pcd", summary: "persistent contrastive divergence: negatives continue the sampler's replay-buffer chains",
      details: "CD with chains that persist across steps (Tieleman 2008) in a replay buffer with 5% noise restarts (Du & Mordatch 2019); use with replay-langevin.",
      options: [
        .double("alpha", 0.1, "energy-magnitude regulariser α", range: 0...1e6),
        .int("samples", 1, "negatives per example (conditional energies)", range: 1...1_000_000),
      ]
    ) { o, _ in
      ContrastiveDivergence(start: .persistent, alpha: o.float("alpha"), samples: o.int("samples"))
    }
    registry.objectives.register(
      name: "ssm", summary: "sliced score matching (Song et al. 2019)",
      details: "J = E[−vᵀ∇²E v + ½(vᵀ∇E)²]; with variance reduction ½‖∇E‖² replaces the second term.",
      options: [
        .int("projections", 1, "random projections per point", range: 1...10_000),
        .choice("projection", "gaussian", SlicedScoreMatching.Projection.allCases.map(\.rawValue), "distribution of v"),
        .bool("variance-reduction", true, "SSM-VR: use ½‖∇E‖² (Gaussian v)"),
      ]
    ) { o, _ in
      SlicedScoreMatching(
        projections: o.int("projections"), projection: SlicedScoreMatching.Projection(rawValue: o.string("projection"))!,
        varianceReduction: o.bool("variance-reduction"))
    }
  }
}
