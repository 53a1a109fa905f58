import EBMProtocols

extension Regression1DTask {
  /// The options of `regression1d-1` and `regression1d-2` (Gustafsson et al. 2020: 2000 pairs,
  /// KL on a 2048 × 2048 grid).
  public struct Options: TypedOptions, Equatable {
    /// Training pairs.
    public var trainCount = 2000
    /// Seed of the data generator (the data is fixed across run seeds, as in the reference).
    public var dataSeed = 0
    /// Points per axis of the KL grid.
    public var grid = 2048
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .int("train-count", \.trainCount, "training pairs", range: 2...10_000_000),
      .int("data-seed", \.dataSeed, "seed of the data generator (the data is fixed across run seeds, as in the reference)", range: 0...Double(Int32.max)),
      .int("grid", \.grid, "points per axis of the KL grid", range: 2...100_000),
    ]
  }

  /// The task on `dataset` with `options`.
  public init(dataset: Regression1DDataset, options: Options = Options()) {
    self.init(dataset: dataset, trainCount: options.trainCount, dataSeed: UInt64(options.dataSeed), gridSize: options.grid)
  }
}
