import EBMProtocols

extension TaskRegistration {
  static func registerRegression(in registry: inout Registry) {
    for dataset in Regression1DDataset.allCases {
      let description: String
      switch dataset {
      case .one:
        description = "x < 0: y ~ 0.8 N(sin x, 0.075²) + 0.2 N(−sin x, 0.075²); x ≥ 0: y ~ LogNormal(0, 0.25²) − 1"
      case .two:
        description = "y ~ N(sin x, (0.15 / (1 + e^−x))²)"
      }
      registry.tasks.register(
        name: "regression1d-\(dataset.rawValue)",
        summary: "1-D regression dataset \(dataset.rawValue) of Gustafsson et al. 2020: \(description)",
        details: "2000 pairs, x ~ U(−3, 3); metric: KL(p_true ‖ p_model) on a 2048 × 2048 grid over [−3, 3]².",
        options: Regression1DTask.Options.self
      ) { options, _ in Regression1DTask(dataset: dataset, options: options) }
    }
    registry.studies.register(
      name: "regression1d",
      summary: "Gustafsson et al. 2020: seven EBM training methods on two 1-D regression datasets, KL to the true density",
      details: "Paper settings (ToyNet, Adam 1e-3, batch 32, 75 epochs, M = 1024). Table: KL mean ± std over seeds and training seconds.",
      options: Regression1DStudy.Options.self
    ) { options, _ in Regression1DStudy(options) }
  }
}
