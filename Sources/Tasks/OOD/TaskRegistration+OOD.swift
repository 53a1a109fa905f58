import EBMProtocols

extension TaskRegistration {
  static func registerOOD(in registry: inout Registry) {
    registry.tasks.register(
      name: "ood-digits",
      summary: "Energy-based OOD detection on long-tailed digits 0-5 (outliers 6/7; OOD 8/9, patches, noise)",
      details: "Fixed split shipped with the package; inputs pixel/16. Metrics: id_accuracy, S.auroc, S.ap, S.fpr95, S.fpr95_min per OOD set S.",
      options: [
        .choice("score", "energy", ["energy", "msp", "max-logit"], "OOD score used by the metrics"),
        .double("temperature", 1, "temperature T of the energy score", range: 1e-6...1e6),
      ]
    ) { o, _ in
      let score: OODScore =
        switch o.string("score") {
        case "msp": .msp
        case "max-logit": .maxLogit
        default: .energy(temperature: o.double("temperature"))
        }
      return OODDigitsTask(score: score)
    }

    registry.studies.register(
      name: "ood",
      summary: "Energy-based OOD detection (Choi et al. 2023): MSP, energy, max-logit, OE, EnergyOE, balanced on ood-digits",
      details: "Pretrains once per seed, fine-tunes per method from the same weights; tables per OOD set and the paired difference balanced − energy-oe.",
      options: [
        OptionSpec(
          "methods", .stringList(OODStudy.allMethods), default: .stringList(OODStudy.allMethods), "methods to run"),
        .int("pretrain-epochs", 100, "pretraining epochs", range: 0...100_000),
        .int("finetune-epochs", 50, "fine-tuning epochs", range: 0...100_000),
        .choice("architecture", "mlp-classifier", ["mlp-classifier", "conv-classifier"], "the classifier"),
        .int(
          "width", 0, "classifier width (mlp: hidden units, conv: first block's channels); 0: the architecture's default (128, 32)",
          range: 0...65536),
        .int("depth", 2, "classifier hidden layers (mlp) or conv blocks (conv)", range: 0...64),
      ]
    ) { o, _ in
      var options: [String: OptionValue] = ["depth": .int(o.int("depth"))]
      if o.int("width") > 0 { options["width"] = .int(o.int("width")) }
      return OODStudy(
        methods: o.strings("methods"), pretrainEpochs: o.int("pretrain-epochs"), finetuneEpochs: o.int("finetune-epochs"),
        architecture: ComponentReference(o.string("architecture"), options: options))
    }
  }
}
