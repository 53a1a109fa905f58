import EBMProtocols

extension TaskRegistration {
  /// The `digits` task and the `lecun` study (LeCun et al., "A Tutorial on Energy-Based Learning", 2006).
  static func registerLeCun(in registry: inout Registry) {
    registry.tasks.register(
      name: "digits", summary: "Handwritten 8×8 digits (1797, 10 classes) as a label energy; accuracy, energy gap, collapse",
      details: "Seeded train/test split of scikit-learn's digits; metrics test_accuracy, energy_gap, energy_spread, collapsed.",
      options: DigitsClassificationTask.Options.self
    ) { options, _ in DigitsClassificationTask(options) }
    registry.studies.register(
      name: "lecun",
      summary: "Each LeCun loss with rbf and logits-mlp on digits, plus the energy loss on the regression energy: which collapse",
      options: LeCunStudy.Options.self
    ) { options, _ in LeCunStudy(options) }
  }
}
