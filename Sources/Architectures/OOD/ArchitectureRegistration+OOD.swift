import EBMProtocols

extension ArchitectureRegistration {
  static func registerOOD(in registry: inout Registry) {
    registry.architectures.register(
      name: "mlp-classifier",
      summary: "MLP classifier as a label energy: E(x, y) = −f_y(x), free energy −T logΣexp(f/T)",
      details: "ReLU hidden layers of equal width; PyTorch nn.Linear initialisation. Built for a discrete task.",
      options: MLPClassifier.Options.self
    ) { o, context in
      let kind = try context.requireEnergyKind(for: "mlp-classifier")
      guard case let .discrete(inputShape, labelCount) = kind else {
        throw EBMError.incompatible("architecture 'mlp-classifier' is a classifier (discrete labels), but the task is \(kind)")
      }
      return MLPClassifier(inputShape: inputShape, labelCount: labelCount, width: o.width, depth: o.depth)
    }
    registry.architectures.register(
      name: "conv-classifier",
      summary: "Convolutional classifier as a label energy: E(x, y) = −f_y(x), free energy −T logΣexp(f/T)",
      details: "Blocks conv 3x3 (width·2^l channels) + ReLU + 2x2 max pooling, then a linear head; PyTorch initialisation. Reads the task's inputs as images: [C, H, W], [H, W], or flat square planes (option channels; the OOD digits' 64 values are 1x8x8). Built for a discrete task.",
      options: ConvClassifier.Options.self
    ) { o, context in
      let kind = try context.requireEnergyKind(for: "conv-classifier")
      guard case let .discrete(inputShape, labelCount) = kind else {
        throw EBMError.incompatible("architecture 'conv-classifier' is a classifier (discrete labels), but the task is \(kind)")
      }
      let image = try ImageShape(inputShape: inputShape, channels: o.channels, component: "conv-classifier")
      return ConvClassifier(
        inputShape: inputShape, image: image, labelCount: labelCount, width: o.width, depth: o.depth)
    }
  }
}
