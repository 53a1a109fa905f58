import EBMProtocols

extension ArchitectureRegistration {
  static func registerOOD(in registry: inout Registry) {
    registry.architectures.register(
      name: "mlp-classifier",
      summary: "MLP classifier as a label energy: E(x, y) = −f_y(x), free energy −T logΣexp(f/T)",
      details: "ReLU hidden layers of equal width; PyTorch nn.Linear initialisation. Built for a discrete task.",
      options: [
        .int("width", 128, "hidden width", range: 1...65536),
        .int("depth", 2, "number of hidden layers", range: 0...64),
      ]
    ) { o, context in
      let kind = try context.requireEnergyKind(for: "mlp-classifier")
      guard case let .discrete(inputShape, labelCount) = kind else {
        throw EBMError.incompatible("architecture 'mlp-classifier' is a classifier (discrete labels), but the task is \(kind)")
      }
      return MLPClassifier(inputShape: inputShape, labelCount: labelCount, width: o.int("width"), depth: o.int("depth"))
    }
  }
}
