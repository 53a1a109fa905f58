import EBMProtocols

extension ArchitectureRegistration {
  static func registerGenerative(in registry: inout Registry) {
    registry.architectures.register(
      name: "mlp", summary: "MLP energy E: R^d -> R (generative models)",
      details: "E(x) = w·h_depth + b, h_l = act(h_{l-1} W_l + b_l). Smooth activations (softplus, silu, tanh) give the smooth gradients Langevin dynamics and score matching need.",
      options: MLPEnergy.Options.self
    ) { options, context in
      let kind = try context.requireEnergyKind(for: "mlp")
      guard case let .unconditional(dimension) = kind else {
        throw EBMError.incompatible("architecture 'mlp' is an unconditional energy R^d -> R, but the task is \(kind)")
      }
      return MLPEnergy(dimension: dimension, width: options.width, depth: options.depth, activation: options.activation)
    }
    registry.architectures.register(
      name: "conv-energy", summary: "convolutional energy E(x) over images (generative models)",
      details: "Blocks conv 3x3 (width·2^l channels) + activation + 2x2 average pooling, then a linear output; smooth, so Langevin sampling and (denoising) score matching apply. Points of dimension d are read as channels square planes (d = channels · side²).",
      options: ConvEnergy.Options.self
    ) { options, context in
      let kind = try context.requireEnergyKind(for: "conv-energy")
      guard case let .unconditional(dimension) = kind else {
        throw EBMError.incompatible("architecture 'conv-energy' is an unconditional energy over images, but the task is \(kind)")
      }
      let image = try ImageShape(inputShape: [dimension], channels: options.channels, component: "conv-energy")
      return ConvEnergy(image: image, width: options.width, depth: options.depth, activation: options.activation)
    }
    registry.architectures.register(
      name: "gaussian-energy", summary: "analytic Gaussian energy ½(x−μ)ᵀΣ⁻¹(x−μ) (sampler tests)",
      options: GaussianEnergy.Options.self
    ) { options, _ in
      try GaussianEnergy(mean: options.mean, covariance: options.covariance)
    }
    registry.architectures.register(
      name: "gmm-energy", summary: "analytic isotropic Gaussian-mixture energy (sampler tests)",
      options: GaussianMixtureEnergy.Options.self
    ) { options, _ in
      let d = options.dimension
      let means = stride(from: 0, to: options.means.count, by: d).map { Array(options.means[$0..<($0 + d)]) }
      return try GaussianMixtureEnergy(means: means, stds: options.stds, weights: options.weights)
    }
    registry.architectures.register(
      name: "double-well", summary: "analytic double well h(x₁²−1)² + ½Σx_i² (sampler tests)",
      options: DoubleWellEnergy.Options.self
    ) { options, _ in DoubleWellEnergy(dimension: options.dimension, barrier: options.barrier) }
    registry.architectures.register(
      name: "rosenbrock", summary: "analytic Rosenbrock/banana energy (x₁−a)² + b(x₂−x₁²)² (sampler tests)",
      options: RosenbrockEnergy.Options.self
    ) { options, _ in RosenbrockEnergy(a: options.a, b: options.b) }
  }
}
