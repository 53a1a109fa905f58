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
        options: [
          .int("train-count", 2000, "training pairs", range: 2...10_000_000),
          .int("data-seed", 0, "seed of the data generator (the data is fixed across run seeds, as in the reference)", range: 0...Double(Int32.max)),
          .int("grid", 2048, "points per axis of the KL grid", range: 2...100_000),
        ]
      ) { options, _ in
        Regression1DTask(
          dataset: dataset, trainCount: options.int("train-count"), dataSeed: UInt64(options.int("data-seed")),
          gridSize: options.int("grid"))
      }
    }
    registry.studies.register(
      name: "regression1d",
      summary: "Gustafsson et al. 2020: seven EBM training methods on two 1-D regression datasets, KL to the true density",
      details: "Paper settings (ToyNet, Adam 1e-3, batch 32, 75 epochs, M = 1024). Table: KL mean ± std over seeds and training seconds.",
      options: [
        OptionSpec(
          "methods", .stringList(Regression1DStudy.allMethods), default: .stringList(Regression1DStudy.allMethods),
          "training methods"),
        OptionSpec("datasets", .intList, default: .intList([1, 2]), "datasets (1, 2)", range: 1...2),
        .int("epochs", 0, "epochs per run (0: the paper's 75)", range: 0...100_000),
        .int("data-seed", 0, "seed of the training-data draw (fixed across run seeds, as in the reference)", range: 0...Double(Int32.max)),
      ]
    ) { options, _ in
      let epochs = options.int("epochs")
      return Regression1DStudy(
        methods: options.strings("methods"), datasets: options.ints("datasets"), epochs: epochs == 0 ? nil : epochs,
        dataSeed: options.int("data-seed"))
    }
  }
}
