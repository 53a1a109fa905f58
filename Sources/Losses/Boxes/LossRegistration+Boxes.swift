import EBMProtocols

extension LossRegistration {
  /// Objectives only box energies use: IoU regression (IoU-Net).
  static func registerBoxes(in registry: inout Registry) {
    registry.objectives.register(
      name: "iou-regression",
      summary: "IoU-Net: fit −E of proposal boxes by L2 to their IoU with the true box (Jiang et al. 2018)",
      details: "Boxes y = u = (cx/r, cy/r, log w, log h); proposals from the pipeline's sampler (e.g. gmm).",
      options: [
        .int("samples", 128, "M, proposals per example", range: 1...1_000_000),
        .double("reference-size", 32, "r, crop pixels per unit of u₁ and u₂ (the box tasks: crop size / 2)", range: 1e-6...1e6),
      ],
      aliases: ["iou-net"]
    ) { options, _ in
      IoURegressionObjective(samples: options.int("samples"), referenceSize: options.float("reference-size"))
    }
  }
}
