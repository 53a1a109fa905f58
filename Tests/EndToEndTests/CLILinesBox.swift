import Foundation

/// Thread-safe line collector.
final class LinesBox: @unchecked Sendable {
  private let lock = NSLock()
  private var out: [String] = []
  private var err: [String] = []
  func append(output line: String) { lock.withLock { out.append(line) } }
  func append(error line: String) { lock.withLock { err.append(line) } }
  var output: [String] { lock.withLock { out } }
  var error: [String] { lock.withLock { err } }
}
