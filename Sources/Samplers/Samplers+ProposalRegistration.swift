import EBMProtocols

extension Samplers {
  static func registerProposalSamplers(in registry: inout Registry) {
    registry.samplers.register(
      name: "gmm",
      summary: "Gaussian mixture centred on the target (equal weights), samples + log q (Gustafsson et al. 2020)",
      details: "One set of M offsets shared across the batch (as the reference code) unless per-example is set.",
      options: [
        .doubles("stds", [0.1, 0.8], "component standard deviations (NCE/NCE+: 0.1, 0.8; ML-IS/KLD-IS: 0.2, 1.6)", range: 1e-6...1e6),
        .bool("per-example", false, "draw separate offsets for every example instead of sharing them across the batch"),
      ],
      aliases: ["gaussian-mixture"]
    ) { options, _ in
      let stds = options.doubles("stds")
      guard !stds.isEmpty else {
        throw EBMError.invalidOption(component: "gmm", option: "stds", reason: "needs at least one standard deviation")
      }
      return GaussianMixtureProposal(stds: stds.map(Float.init), perExample: options.bool("per-example"))
    }
    registry.samplers.register(
      name: "gaussian",
      summary: "Gaussian proposal: N(target, std²) for conditional energies, N(μ, Σ) fitted to the data for unconditional ones",
      details: "For unconditional energies without a centre, prepare(data:) fits the mean and full covariance of the training data (the NCE noise distribution).",
      options: [
        .double("std", 1, "standard deviation around a centre (and of the unfitted noise)", range: 1e-6...1e6),
        .bool("per-example", false, "draw separate offsets for every example instead of sharing them across the batch"),
      ]
    ) { options, _ in
      GaussianProposal(std: options.float("std"), perExample: options.bool("per-example"))
    }
  }
}
