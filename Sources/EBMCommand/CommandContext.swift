import EBMProtocols
import Foundation

/// What a running subcommand uses: the registry (built-ins plus the user's components), the
/// output streams and the clock (for default run-directory names).
struct CommandContext: Sendable {
  var registry: Registry
  var io: CommandIO
  /// Base directory for relative paths and default output folders.
  var workingDirectory: URL
  var now: @Sendable () -> Date = { Date() }

  /// `path` resolved against the working directory.
  func url(_ path: String) -> URL {
    if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
    return workingDirectory.appendingPathComponent(path)
  }

  /// The default output folder `runs/<stem>-<UTC timestamp>`.
  func defaultRunDirectory(_ stem: String) -> URL {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let safe = stem.map { $0.isLetter || $0.isNumber || "-_.+".contains($0) ? $0 : "_" }
    return url("runs").appendingPathComponent(String(safe) + "-" + formatter.string(from: now()))
  }

  /// A progress handler for training: a live line on a terminal, plain lines (one per
  /// epoch and per checkpoint) otherwise.
  func progress(label: String) -> @Sendable (TrainingEvent) -> Void {
    if io.terminal != nil {
      let line = ProgressLine(label: label)
      return { line($0) }
    }
    let error = io.error
    return { event in
      switch event {
      case .step: break
      case let .epoch(epoch, epochs, loss, seconds):
        error("\(label) epoch \(epoch + 1)/\(epochs) loss \(String(format: "%.4f", loss)) (\(String(format: "%.1f", seconds)) s)")
      case let .checkpoint(path, step):
        error("\(label) checkpoint at step \(step): \(path)")
      }
    }
  }
}
