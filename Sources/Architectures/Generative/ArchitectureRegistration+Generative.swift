import EBMProtocols

extension ArchitectureRegistration {
  static func registerGenerative(in registry: inout Registry) {
    registry.architectures.register(
      name: "mlp", summary: "MLP energy E: R^d -> R (generative models)",
      details: "E(x) = w·h_depth + b, h_l = act(h_{l-1} W_l + b_l). Smooth activations (softplus, silu, tanh) give the smooth gradients Langevin dynamics and score matching need.",
      options: [
        .int("width", 128, "hidden units per layer", range: 1...65536),
        .int("depth", 3, "hidden layers", range: 1...64),
        .choice("activation", "silu", MLPActivation.allCases.map(\.rawValue), "hidden nonlinearity"),
      ]
    ) { options, context in
      let kind = try context.requireEnergyKind(for: "mlp")
      guard case let .unconditional(dimension) = kind else {
        throw EBMError.incompatible("architecture 'mlp' is an unconditional energy R^d -> R, but the task is \(kind)")
      }
      return MLPEnergy(
        dimension: dimension, width: options.int("width"), depth: options.int("depth"),
        activation: MLPActivation(rawValue: options.string("activation"))!)
    }
    registry.architectures.register(
      name: "conv-energy", summary: "convolutional energy E(x) over images (generative models)",
      details: "Blocks conv 3x3 (width·2^l channels) + activation + 2x2 average pooling, then a linear output; smooth, so Langevin sampling and (denoising) score matching apply. Points of dimension d are read as channels square planes (d = channels · side²).",
      options: [
        .int("width", 32, "channels of the first conv block (doubling per block)", range: 1...4096),
        .int("depth", 2, "number of conv blocks", range: 0...16),
        .int("channels", 1, "image channels (d = channels · side²)", range: 1...4096),
        .choice("activation", "silu", MLPActivation.allCases.map(\.rawValue), "hidden nonlinearity"),
      ]
    ) { options, context in
      let kind = try context.requireEnergyKind(for: "conv-energy")
      guard case let .unconditional(dimension) = kind else {
        throw EBMError.incompatible("architecture 'conv-energy' is an unconditional energy over images, but the task is \(kind)")
      }
      let image = try ImageShape(inputShape: [dimension], channels: options.int("channels"), component: "conv-energy")
      return ConvEnergy(
        image: image, width: options.int("width"), depth: options.int("depth"),
        activation: MLPActivation(rawValue: options.string("activation"))!)
    }
    registry.architectures.register(
      name: "gaussian-energy", summary: "analytic Gaussian energy ½(x−μ)ᵀΣ⁻¹(x−μ) (sampler tests)",
      options: [
        .doubles("mean", [0, 0], "mean μ"),
        .doubles("covariance", [1, 0, 0, 1], "covariance Σ, row-major d×d"),
      ]
    ) { options, _ in
      try GaussianEnergy(mean: options.doubles("mean"), covariance: options.doubles("covariance"))
    }
    registry.architectures.register(
      name: "gmm-energy", summary: "analytic isotropic Gaussian-mixture energy (sampler tests)",
      options: [
        .doubles("means", [-2, 0, 2, 0], "component means, flattened K×d"),
        .doubles("stds", [0.5, 0.5], "component standard deviations (K)", range: 1e-6...1e6),
        .doubles("weights", [0.5, 0.5], "mixture weights (K, normalised)", range: 1e-12...1e12),
        .int("dimension", 2, "dimension d", range: 1...1024),
      ]
    ) { options, _ in
      let d = options.int("dimension")
      let flat = options.doubles("means")
      guard flat.count % d == 0 else {
        throw EBMError.invalidOption(component: "gmm-energy", option: "means", reason: "must have a multiple of dimension=\(d) entries, got \(flat.count)")
      }
      let means = stride(from: 0, to: flat.count, by: d).map { Array(flat[$0..<($0 + d)]) }
      return try GaussianMixtureEnergy(means: means, stds: options.doubles("stds"), weights: options.doubles("weights"))
    }
    registry.architectures.register(
      name: "double-well", summary: "analytic double well h(x₁²−1)² + ½Σx_i² (sampler tests)",
      options: [
        .int("dimension", 2, "dimension d", range: 1...1024),
        .double("barrier", 2, "barrier height h", range: 1e-6...1e6),
      ]
    ) { options, _ in
      DoubleWellEnergy(dimension: options.int("dimension"), barrier: options.float("barrier"))
    }
    registry.architectures.register(
      name: "rosenbrock", summary: "analytic Rosenbrock/banana energy (x₁−a)² + b(x₂−x₁²)² (sampler tests)",
      options: [
        .double("a", 1, "centre of x₁"),
        .double("b", 5, "curvature weight", range: 1e-6...1e6),
      ]
    ) { options, _ in
      RosenbrockEnergy(a: options.float("a"), b: options.float("b"))
    }
  }
}
