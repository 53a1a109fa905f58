/// The documented range of every number a pipeline holds, whether it comes from a CLI flag, a
/// pipeline file or a checkpoint sidecar. Each is checked before any work starts, and the
/// bounds keep all derived arithmetic (steps = epochs × steps per epoch, seeds + streams)
/// far from integer overflow.
///
/// | field | range |
/// |---|---|
/// | `epochs` | 0 … 1 000 000 |
/// | `batchSize` | 1 … 1 000 000 |
/// | `outlierBatchSize` | 0 … 1 000 000 |
/// | `seed` | 0 … 2⁶⁴ − 1 (any; random streams are derived without overflow) |
/// | schedule `every`, `warmup` steps | 1 … 10¹², 0 … 10¹² |
/// | schedule `gamma`, cosine `minimum` | finite, ≥ 0 |
/// | schedule nesting (`warmup:…:warmup:…`) | at most 16 levels |
/// | checkpoint `step`, `optimizerStep` | 0 … 10¹⁵ |
/// | `--checkpoint-every` | 1 … 10¹² |
public enum PipelineLimits {
  public static let epochs = 0...1_000_000
  public static let batchSize = 1...1_000_000
  public static let outlierBatchSize = 0...1_000_000
  /// Schedule step counts (`every`, warm-up steps).
  public static let scheduleSteps = 0...1_000_000_000_000
  /// How deeply schedules may nest (each `warmup` adds one level).
  public static let scheduleDepth = 16
  /// Optimizer steps a checkpoint may record.
  public static let steps = 0...1_000_000_000_000_000
  /// `--checkpoint-every`.
  public static let checkpointEvery = 1...1_000_000_000_000
}
