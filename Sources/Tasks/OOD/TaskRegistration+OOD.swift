import EBMProtocols

extension TaskRegistration {
  static func registerOOD(in registry: inout Registry) {
    registry.tasks.register(
      name: "ood-digits",
      summary: "Energy-based OOD detection on long-tailed digits 0-5 (outliers 6/7; OOD 8/9, patches, noise)",
      details: "Fixed split shipped with the package; inputs pixel/16. Metrics: id_accuracy, S.auroc, S.ap, S.fpr95, S.fpr95_min per OOD set S.",
      options: OODDigitsTask.Options.self
    ) { options, _ in OODDigitsTask(options) }

    registry.studies.register(
      name: "ood",
      summary: "Energy-based OOD detection (Choi et al. 2023): MSP, energy, max-logit, OE, EnergyOE, balanced on ood-digits",
      details: "Pretrains once per seed, fine-tunes per method from the same weights; tables per OOD set and the paired difference balanced − energy-oe.",
      options: OODStudy.Options.self
    ) { options, _ in OODStudy(options) }
  }
}
