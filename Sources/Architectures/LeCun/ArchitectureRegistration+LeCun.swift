import EBMProtocols

extension ArchitectureRegistration {
  /// The architectures of LeCun et al.'s tutorial: `rbf` (the collapsing one), `regression-energy`,
  /// `logits-mlp` (a classifier's logits as energies) and `latent-rbf` (prototypes as a latent variable).
  static func registerLeCun(in registry: inout Registry) {
    registry.architectures.register(
      name: "rbf", summary: "Linear map then per-class RBF, E(Y, X) = ‖W X − c_Y‖² (LeCun et al. 2006; can collapse)",
      details: "Learned centres c_Y; the tutorial's example of an architecture the energy loss collapses.",
      options: RBFEnergy.Options.self
    ) { o, context in
      let (input, labels) = try discreteKind(context, "rbf")
      return RBFEnergy(
        inputShape: input, labelCount: labels, features: o.features, centerStandardDeviation: o.centerStandardDeviation)
    }
    registry.architectures.register(
      name: "regression-energy", summary: "E(Y, X) = ‖Y − G_W(X)‖² (LeCun et al. 2006); one-hot Y on label tasks",
      details: "G_W is linear (hidden empty) or an MLP. On a discrete task Y is coded one-hot, so the energy loss is squared error.",
      options: RegressionEnergy.Options.self
    ) { o, context in
      let hidden = o.hidden.filter { $0 > 0 }
      let activation = o.activation
      switch try context.requireEnergyKind(for: "regression-energy") {
      case let .conditional(input, output):
        return RegressionEnergy(inputShape: input, outputDimension: output, hidden: hidden, activation: activation)
      case let .discrete(input, labels):
        return OneHotRegressionEnergy(inputShape: input, labelCount: labels, hidden: hidden, activation: activation)
      case .unconditional:
        throw EBMError.incompatible("regression-energy needs inputs X (a conditional or discrete task)")
      }
    }
    registry.architectures.register(
      name: "logits-mlp", summary: "A classifier's logits as energies, E(Y, X) = −f_Y(X), f an MLP (LeCun et al. 2006)",
      options: LogitsMLPEnergy.Options.self
    ) { o, context in
      let (input, labels) = try discreteKind(context, "logits-mlp")
      return LogitsMLPEnergy(
        inputShape: input, labelCount: labels, hidden: o.hidden.filter { $0 > 0 }, activation: o.activation)
    }
    registry.architectures.register(
      name: "latent-rbf",
      summary: "RBF with P prototypes per class as a latent Z: min_Z or free energy of ‖W X − c_{Y,Z}‖² (LeCun et al. 2006)",
      options: PrototypeRBFEnergy.Options.self
    ) { o, context in
      let (input, labels) = try discreteKind(context, "latent-rbf")
      let inner = PrototypeRBFEnergy(
        inputShape: input, labelCount: labels, features: o.features, prototypes: o.prototypes)
      return LatentVariableEnergy(inner, reduction: LatentReduction(o.reduction, beta: o.beta))
    }
  }

  /// The input shape and label count of a discrete task, or an error naming the architecture.
  static func discreteKind(_ context: ComponentContext, _ name: String) throws -> ([Int], Int) {
    guard case let .discrete(input, labels) = try context.requireEnergyKind(for: name) else {
      throw EBMError.incompatible("\(name) is a label energy; it needs a discrete (classification) task")
    }
    return (input, labels)
  }
}
