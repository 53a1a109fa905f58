import EBMProtocols

extension TaskRegistration {
  /// The `digits` task and the `lecun` study (LeCun et al., "A Tutorial on Energy-Based Learning", 2006).
  static func registerLeCun(in registry: inout Registry) {
    registry.tasks.register(
      name: "digits", summary: "Handwritten 8×8 digits (1797, 10 classes) as a label energy; accuracy, energy gap, collapse",
      details: "Seeded train/test split of scikit-learn's digits; metrics test_accuracy, energy_gap, energy_spread, collapsed.",
      options: [.double("test-fraction", 0.2, "fraction held out for test", range: 0.01...0.99)]
    ) { o, _ in DigitsClassificationTask(testFraction: o.double("test-fraction")) }
    registry.studies.register(
      name: "lecun",
      summary: "Each LeCun loss with rbf and logits-mlp on digits, plus the energy loss on the regression energy: which collapse",
      options: [
        OptionSpec(
          "losses", .stringList(LeCunStudy.allLosses), default: .stringList(LeCunStudy.allLosses),
          "losses run with every architecture but the regression energy"),
        OptionSpec(
          "architectures", .stringList(LeCunStudy.allArchitectures),
          default: .stringList(["rbf", "logits-mlp", "regression-energy"]), "architectures"),
        OptionSpec(
          "regression-losses", .stringList(LeCunStudy.allLosses), default: .stringList(["energy"]),
          "losses run with regression-energy"),
        .int("epochs", 0, "epochs per run; 0 for the task's default (30)", range: 0...100_000),
      ]
    ) { o, _ in
      LeCunStudy(
        losses: o.strings("losses"), architectures: o.strings("architectures"),
        regressionLosses: o.strings("regression-losses"), epochs: o.int("epochs") == 0 ? nil : o.int("epochs"))
    }
  }
}
