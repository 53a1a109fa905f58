import EBMProtocols

extension ArchitectureRegistration {
  static func registerBoxes(in registry: inout Registry) {
    let sizeOptions: [OptionSpec] = [
      .int("crop-size", 64, "S, the crop side in pixels (a multiple of 8)", range: 16...1024),
      .int("channels", 32, "C, channels of the pooled feature maps", range: 1...1024),
      .int("hidden", 128, "width of the MLP head", range: 1...8192),
    ]
    @Sendable func checked(_ name: String, _ options: ComponentOptions, _ context: ComponentContext, inputChannels: Int) throws -> Int {
      let size = options.int("crop-size")
      guard size % 8 == 0 else {
        throw EBMError.invalidOption(component: name, option: "crop-size", reason: "must be a multiple of 8, got \(size)")
      }
      if let kind = context.energyKind, kind != .conditional(inputShape: [inputChannels, size, size], outputDimension: 4) {
        throw EBMError.incompatible(
          "architecture '\(name)' is a box energy on [\(inputChannels), \(size), \(size)] crops with y = u ∈ ℝ⁴, but the task needs \(kind); help: set crop-size to the task's")
      }
      return size
    }
    registry.architectures.register(
      name: "box-energy",
      summary: "Box energy E(x, u): small CNN, PrRoI pooling 5×5 and 3×3 of the box, MLP head (Gustafsson et al. 2020, IoU-Net)",
      details: "x [B, 3, S, S] crops, y [B, M, 4] boxes in u = (cx/r, cy/r, log w, log h), r = S/2; the M boxes share one CNN pass.",
      options: sizeOptions
    ) { options, context in
      let size = try checked("box-energy", options, context, inputChannels: 3)
      return BoxEnergy(cropSize: size, channels: options.int("channels"), hidden: options.int("hidden"))
    }
    registry.architectures.register(
      name: "box-energy-modulated",
      summary: "Tracking box energy: reference-frame features modulate the test frame's channel-wise (ATOM/IoU-Net form)",
      details: "x [B, 6, S, S] = reference crop and test crop; the reference box is the reference crop's centred box.",
      options: sizeOptions
    ) { options, context in
      let size = try checked("box-energy-modulated", options, context, inputChannels: 6)
      return BoxEnergy(cropSize: size, channels: options.int("channels"), hidden: options.int("hidden"), modulated: true)
    }
    registry.architectures.register(
      name: "box-regression",
      summary: "Direct box regression as the energy ½‖u − g(x)‖² (train with 'energy': L2 on the box; predict g(x))",
      details: "The box-energy CNN pools the crop's reference box; an MLP predicts the offset of the true box's u.",
      options: sizeOptions
    ) { options, context in
      let size = try checked("box-regression", options, context, inputChannels: 3)
      return BoxRegressionEnergy(cropSize: size, channels: options.int("channels"), hidden: options.int("hidden"))
    }
  }
}
