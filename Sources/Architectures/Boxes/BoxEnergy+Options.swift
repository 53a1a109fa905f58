import EBMProtocols

extension BoxEnergy {
  /// The sizes of the box energies (`box-energy`, `box-energy-modulated`, `box-regression`).
  public struct Options: TypedOptions, Equatable {
    /// S, the crop side in pixels (a multiple of 8).
    public var cropSize: Int = 64
    /// C, channels of the pooled feature maps.
    public var channels: Int = 32
    /// Width of the MLP head.
    public var hidden: Int = 128

    public init() {}

    public static let fields: [OptionField<Options>] = [
      .int("crop-size", \.cropSize, "S, the crop side in pixels (a multiple of 8)", range: 16...1024),
      .int("channels", \.channels, "C, channels of the pooled feature maps", range: 1...1024),
      .int("hidden", \.hidden, "width of the MLP head", range: 1...8192),
    ]

    public func validate(component: String) throws {
      guard cropSize % 8 == 0 else {
        throw EBMError.invalidOption(component: component, option: "crop-size", reason: "must be a multiple of 8, got \(cropSize)")
      }
    }
  }
}
