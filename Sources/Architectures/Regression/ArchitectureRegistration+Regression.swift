import EBMProtocols

extension ArchitectureRegistration {
  static func registerRegression(in registry: inout Registry) {
    registry.architectures.register(
      name: "toynet",
      summary: "Gustafsson et al.'s 1-D regression ToyNet (E = −f; x features shared by the M candidates)",
      details: """
        Feature net x: 1→10→10 (ReLU); predictor: y 1→10 tanh, concatenated with the x features, \
        20→10 tanh, two residual blocks h = tanh(W h + b) + h, then 10→1. PyTorch's default Linear \
        initialisation. Shapes: x [B, 1], y [B, M, 1] → E [B, M].
        """,
      options: ToyNet.Options.self
    ) { options, context in
      if let kind = context.energyKind, kind != .conditional(inputShape: [1], outputDimension: 1) {
        throw EBMError.incompatible("architecture 'toynet' is a 1-D conditional energy (x ∈ ℝ, y ∈ ℝ), but the task needs \(kind); help: use conditional-mlp")
      }
      return ToyNet(hidden: options.hidden)
    }
    registry.architectures.register(
      name: "conditional-mlp",
      summary: "MLP energy E(x, y) = −f([x; y]) for conditional tasks, with width/depth options",
      details: "The first layer's x part is computed once per example and shared by its M candidates.",
      options: ConditionalMLP.Options.self
    ) { options, context in
      let kind = try context.requireEnergyKind(for: "conditional-mlp")
      guard case let .conditional(inputShape, outputDimension) = kind else {
        throw EBMError.incompatible("architecture 'conditional-mlp' needs a conditional task, got \(kind)")
      }
      return ConditionalMLP(
        inputDimension: inputShape.reduce(1, *), outputDimension: outputDimension, width: options.width,
        depth: options.depth, activation: options.activation)
    }
  }
}
