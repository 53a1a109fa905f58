import Foundation

/// Why a command stopped, which decides the exit status and what is printed on standard error.
enum CommandError: Error {
  /// Malformed command line (unknown flag, missing value, bad number): one line, then the
  /// command's usage line; exit 2.
  case usage(String)
  /// Well-formed command line naming something wrong (unknown component, bad option value,
  /// incompatible pipeline, bad configuration file): one line; exit 2.
  case input(String)
  /// The run itself failed (non-finite loss, I/O): one line; exit 1.
  case failure(String)

  /// Runs `body`, turning any error it throws into ``input(_:)`` (composition happens before
  /// any work, so a problem there is the user's input, not a failed run).
  static func asInput<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError.input(CommandError.oneLine(error))
    }
  }

  /// An error's message on one line.
  static func oneLine(_ error: any Error) -> String {
    let text = String(describing: error)
    return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: " ")
  }
}
