import EBMProtocols

extension LossRegistration {
  /// Objectives only box energies use: IoU regression (IoU-Net).
  static func registerBoxes(in registry: inout Registry) {
    registry.objectives.register(
      name: "iou-regression",
      summary: "IoU-Net: fit −E of proposal boxes by L2 to their IoU with the true box (Jiang et al. 2018)",
      details: "Boxes y = u = (cx/r, cy/r, log w, log h); proposals from the pipeline's sampler (e.g. gmm).",
      options: IoURegressionObjective.Options.self,
      aliases: ["iou-net"]
    ) { options, _ in IoURegressionObjective(options) }
  }
}
