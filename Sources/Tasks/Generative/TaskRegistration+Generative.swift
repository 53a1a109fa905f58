import EBMProtocols

extension TaskRegistration {
  static func registerGenerative(in registry: inout Registry) {
    for distribution in Toy2DDistribution.allCases {
      registry.tasks.register(
        name: distribution.rawValue, summary: "2-D generative task: \(distribution.summary)",
        details: "Unconditional energy on 2-D points; evaluated by Langevin samples against held-out data (W1/W2, MMD, mode coverage) with data-against-data floors.",
        options: Toy2DTask.Options.self, defaults: Toy2DTask.Options(distribution: distribution)
      ) { options, _ in Toy2DTask(distribution: distribution, options: options) }
    }
    registry.studies.register(
      name: "toy2d", summary: "generative EBMs on 2-D data: CD, PCD, DSM, SSM, NCE compared by W2, MMD and mode coverage",
      details: "Trains each method on each dataset with the task defaults, samples by Langevin dynamics, writes a picture per run.",
      options: Toy2DStudy.Options.self
    ) { options, _ in Toy2DStudy(options) }
  }
}
