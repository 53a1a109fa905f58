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
      registry.architectures.register(
      name: "conv-classifier",
      summary: "Convolutional classifier as a label energy: E(x, y) = −f_y(x), free energy −T logΣexp(f/T)",
      details: "Blocks conv 3x3 (width·2^l channels) + ReLU + 2x2 max pooling, then a linear head; PyTorch initialisation. Reads the task's inputs as images: [C, H, W], [H, W], or flat square planes (option channels; the OOD digits' 64 values are 1x8x8). Built for a discrete task.",
      options: [
        .int("width", 32, "channels of the first conv block (doubling per block)", range: 1...4096),
        .int("depth", 2, "number of conv blocks", range: 0...16),
        .int("channels", 1, "image channels of a flat input (d = channels · side²)", range: 1...4096),
      ]
    ) { o, context in
      let kind = try context.requireEnergyKind(for: "conv-classifier")
      guard case let .discrete(inputShape, labelCount) = kind else {
        throw EBMError.incompatible("architecture 'conv-classifier' is a classifier (discrete labels), but the task is \(kind)")
      }
      let image = try ImageShape(inputShape: inputShape, channels: o.int("channels"), component: "conv-classifier")
      return ConvClassifier(
        inputShape: inputShape, image: image, labelCount: labelCount, width: o.int("width"), depth: o.int("depth"))
    }
  }
}
