import Foundation

/// Where a command writes: results to `output` (standard output: tables, JSON), everything
/// else to `error` (standard error: progress, messages). Both take whole lines. Live progress
/// (an overwritten line) is only used when `error` is a terminal.
public struct CommandIO: Sendable {
  /// Receives result lines (standard output).
  public var output: @Sendable (String) -> Void
  /// Receives diagnostic and progress lines (standard error).
  public var error: @Sendable (String) -> Void
  /// Writes raw text to the error stream (for the live progress line); `nil` unless that
  /// stream is a terminal.
  public var terminal: (@Sendable (String) -> Void)?

  public init(
    output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void,
    terminal: (@Sendable (String) -> Void)? = nil
  ) {
    self.output = output
    self.error = error
    self.terminal = terminal
  }

  /// The process's standard output and standard error (live progress when stderr is a terminal).
  public static var standard: CommandIO {
    let errorWriter: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    return CommandIO(
      output: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) },
      error: { line in errorWriter(line + "\n") },
      terminal: isatty(2) != 0 ? errorWriter : nil)
  }
}
