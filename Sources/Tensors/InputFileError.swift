/// A file a user named that cannot be read: missing, not a regular file (a folder, a FIFO, a
/// device), too large, or unreadable. Thrown by ``InputFile``.
public struct InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The path as given.
  public var path: String
  /// What is wrong, without the path (`is a folder, not a regular file; help: …`).
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  /// `PATH: REASON`, naming the file once.
  public var description: String { "\(path): \(reason)" }
}
