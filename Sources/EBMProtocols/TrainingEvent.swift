/// Progress reported by the ``Trainer``, for a progress line or a log.
public enum TrainingEvent: Sendable {
  /// A step finished (`step` is 0-based and global).
  case step(step: Int, epoch: Int, totalSteps: Int, loss: Double)
  /// An epoch finished, with its mean loss and the elapsed seconds.
  case epoch(epoch: Int, epochs: Int, meanLoss: Double, seconds: Double)
  /// A checkpoint was written.
  case checkpoint(path: String, step: Int)
}
