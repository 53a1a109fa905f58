import EBMProtocols

extension ArchitectureRegistration {
  static func registerBoxes(in registry: inout Registry) {
    /// The crop shape the task needs must be the architecture's.
    @Sendable func check(_ name: String, _ options: BoxEnergy.Options, _ context: ComponentContext, inputChannels: Int) throws {
      let size = options.cropSize
      if let kind = context.energyKind, kind != .conditional(inputShape: [inputChannels, size, size], outputDimension: 4) {
        throw EBMError.incompatible(
          "architecture '\(name)' is a box energy on [\(inputChannels), \(size), \(size)] crops with y = u ∈ ℝ⁴, but the task needs \(kind); help: set crop-size to the task's")
      }
    }
    registry.architectures.register(
      name: "box-energy",
      summary: "Box energy E(x, u): small CNN, PrRoI pooling 5×5 and 3×3 of the box, MLP head (Gustafsson et al. 2020, IoU-Net)",
      details: "x [B, 3, S, S] crops, y [B, M, 4] boxes in u = (cx/r, cy/r, log w, log h), r = S/2; the M boxes share one CNN pass.",
      options: BoxEnergy.Options.self
    ) { options, context in
      try check("box-energy", options, context, inputChannels: 3)
      return BoxEnergy(cropSize: options.cropSize, channels: options.channels, hidden: options.hidden)
    }
    registry.architectures.register(
      name: "box-energy-modulated",
      summary: "Tracking box energy: reference-frame features modulate the test frame's channel-wise (ATOM/IoU-Net form)",
      details: "x [B, 6, S, S] = reference crop and test crop; the reference box is the reference crop's centred box.",
      options: BoxEnergy.Options.self
    ) { options, context in
      try check("box-energy-modulated", options, context, inputChannels: 6)
      return BoxEnergy(cropSize: options.cropSize, channels: options.channels, hidden: options.hidden, modulated: true)
    }
    registry.architectures.register(
      name: "box-regression",
      summary: "Direct box regression as the energy ½‖u − g(x)‖² (train with 'energy': L2 on the box; predict g(x))",
      details: "The box-energy CNN pools the crop's reference box; an MLP predicts the offset of the true box's u.",
      options: BoxEnergy.Options.self
    ) { options, context in
      try check("box-regression", options, context, inputChannels: 3)
      return BoxRegressionEnergy(cropSize: options.cropSize, channels: options.channels, hidden: options.hidden)
    }
    registry.architectures.register(
      name: "box-regression-modulated",
      summary: "Direct box regression in the tracking form: reference-frame features modulate the test frame's (train with 'energy')",
      details: "x [B, 6, S, S] = reference crop and test crop; predicts the u of the target in the test crop.",
      options: BoxEnergy.Options.self
    ) { options, context in
      try check("box-regression-modulated", options, context, inputChannels: 6)
      return BoxRegressionEnergy(cropSize: options.cropSize, channels: options.channels, hidden: options.hidden, modulated: true)
    }
  }
}
