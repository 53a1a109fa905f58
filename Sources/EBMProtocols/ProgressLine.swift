import Foundation

/// Prints training progress to standard error: a live, overwritten line on a terminal, and
/// plain lines (one per epoch) when the output is not a terminal.
public struct ProgressLine: Sendable {
  /// Prefix of every line, e.g. the pipeline's name.
  public var label: String
  public let isTerminal: Bool

  public init(label: String) {
    self.label = label
    self.isTerminal = isatty(2) != 0
  }

  /// Handles one event.
  public func callAsFunction(_ event: TrainingEvent) {
    switch event {
    case let .step(step, epoch, total, loss):
      guard isTerminal, step % 10 == 0 else { return }
      write("\r\(label) epoch \(epoch + 1) step \(step + 1)/\(total) loss \(String(format: "%.4f", loss))\u{1B}[K")
    case let .epoch(epoch, epochs, loss, seconds):
      let line = "\(label) epoch \(epoch + 1)/\(epochs) loss \(String(format: "%.4f", loss)) (\(String(format: "%.1f", seconds)) s)"
      if isTerminal {
        write("\r\(line)\u{1B}[K" + (epoch + 1 == epochs ? "\n" : ""))
      } else {
        write(line + "\n")
      }
    case let .checkpoint(path, step):
      if isTerminal { write("\r\u{1B}[K") }
      write("\(label) checkpoint at step \(step): \(path)\n")
    }
  }

  func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
