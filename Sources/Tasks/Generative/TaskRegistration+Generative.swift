import EBMProtocols

extension TaskRegistration {
  static func registerGenerative(in registry: inout Registry) {
    for distribution in Toy2DDistribution.allCases {
      registry.tasks.register(
        name: distribution.rawValue, summary: "2-D generative task: \(distribution.summary)",
        details: "Unconditional energy on 2-D points; evaluated by Langevin samples against held-out data (W1/W2, MMD, mode coverage) with data-against-data floors.",
        options: [
          .int("size", 2000, "training points", range: 1...10_000_000),
          .int("test-size", 1000, "held-out points (and model samples) for evaluation", range: 2...1_000_000),
          .int("validation-size", 0, "validation points", range: 0...10_000_000),
          .double("noise", distribution.defaultNoise, "the generator's noise parameter", range: 0...100),
        ]
      ) { o, _ in
        Toy2DTask(
          distribution: distribution, size: o.int("size"), testSize: o.int("test-size"),
          validationSize: o.int("validation-size"), noise: o.double("noise"))
      }
    }
    let datasetNames = Toy2DDistribution.allCases.map(\.rawValue)
    registry.studies.register(
      name: "toy2d", summary: "generative EBMs on 2-D data: CD, PCD, DSM, SSM, NCE compared by W2, MMD and mode coverage",
      details: "Trains each method on each dataset with the task defaults, samples by Langevin dynamics, writes a picture per run.",
      options: [
        OptionSpec("datasets", .stringList(datasetNames), default: .stringList(["8gaussians", "moons"]), "datasets"),
        OptionSpec("methods", .stringList([]), default: .stringList(Toy2DStudy.allMethods), "objectives (registry names)"),
        .int("epochs", 0, "epochs per run (0: the task default)", range: 0...1_000_000),
      ]
    ) { o, _ in
      let epochs = o.int("epochs")
      return Toy2DStudy(datasets: o.strings("datasets"), methods: o.strings("methods"), epochs: epochs > 0 ? epochs : nil)
    }
  }
}
