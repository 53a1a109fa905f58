import EBMProtocols

extension ContrastiveDivergence {
  /// The options of `cd` (Du & Mordatch 2019's regulariser α = 0.1; negatives start at the data).
  public struct Options: TypedOptions, Equatable {
    /// α, the energy-magnitude regulariser.
    public var alpha: Float = 0.1
    /// Where the negative chains start.
    public var start = Start.data
    /// Negatives per example (conditional energies).
    public var samples = 1
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .float("alpha", \.alpha, "energy-magnitude regulariser α", range: 0...1e6),
      .choice("start", \.start, "where negative chains start"),
      .int("samples", \.samples, "negatives per example (conditional energies)", range: 1...1_000_000),
    ]
  }

  /// The options of `pcd`: those of `cd` with chains that persist (start fixed).
  public struct PersistentOptions: TypedOptions, Equatable {
    /// `cd`'s options (its start is ignored: always the replay buffer's chains).
    public var base = Options()
    public init() {}
    public static let fields: [OptionField<PersistentOptions>] =
      Options.fields.filter { $0.name != "start" }.map { $0.nested(in: \.base) }
  }

  public init(_ options: Options = Options()) {
    self.init(start: options.start, alpha: options.alpha, samples: options.samples)
  }

  /// Persistent contrastive divergence (Tieleman 2008).
  public init(_ options: PersistentOptions) {
    self.init(start: .persistent, alpha: options.base.alpha, samples: options.base.samples)
  }
}
