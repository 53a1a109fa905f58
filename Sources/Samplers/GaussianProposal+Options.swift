import EBMProtocols

extension GaussianProposal {
  /// The options of `gaussian`.
  public struct Options: TypedOptions, Equatable {
    /// σ around a centre (and of the noise before it is fitted to the data).
    public var std: Float = 1
    /// Separate offsets for every example instead of one set shared across the batch.
    public var perExample = false
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .float("std", \.std, "standard deviation around a centre (and of the unfitted noise)", range: 1e-6...1e6),
      .bool("per-example", \.perExample, "draw separate offsets for every example instead of sharing them across the batch"),
    ]
  }

  /// A Gaussian proposal with `options` (default σ = 1, offsets shared across the batch).
  public init(_ options: Options) { self.init(std: options.std, perExample: options.perExample) }
}
