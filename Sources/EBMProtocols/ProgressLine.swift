import Foundation

/// Prints training progress to standard error: a live ``ProgressBar`` line on a terminal
/// (redrawn at most 5 times a second), and plain lines (one per epoch) when the output is not
/// a terminal.
public final class ProgressLine: @unchecked Sendable {
  /// Prefix of every line, e.g. the pipeline's name.
  public let label: String
  public let isTerminal: Bool
  private let lock = NSLock()
  private let started = Date()
  private var bar: ProgressBar
  private var lastDraw = Date.distantPast

  public init(label: String) {
    self.label = label
    self.isTerminal = isatty(2) != 0
    bar = ProgressBar(name: label)
  }

  /// Handles one event.
  public func callAsFunction(_ event: TrainingEvent) {
    lock.lock()
    defer { lock.unlock() }
    let elapsed = Date().timeIntervalSince(started)
    switch event {
    case let .step(step, epoch, total, loss):
      bar.step = step + 1
      bar.totalSteps = total
      bar.epoch = epoch + 1
      bar.loss = loss
      if elapsed > 0 { bar.stepsPerSecond = Double(step + 1) / elapsed }
      guard isTerminal, Date().timeIntervalSince(lastDraw) >= 0.2 else { return }
      lastDraw = Date()
      write("\r\(bar.text())\u{1B}[K")
    case let .epoch(epoch, epochs, loss, seconds):
      bar.epoch = epoch + 1
      bar.epochs = epochs
      bar.loss = loss
      if isTerminal {
        write("\r\(bar.text())\u{1B}[K" + (epoch + 1 == epochs ? "\n" : ""))
      } else {
        write("\(label) epoch \(epoch + 1)/\(epochs) loss \(String(format: "%.4f", loss)) (\(String(format: "%.1f", seconds)) s)\n")
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
