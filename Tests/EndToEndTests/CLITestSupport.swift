import EBMCommand
import EBMProtocols
import Foundation

/// Runs `ebm` in-process with the test registry and a temporary working directory, capturing
/// standard output and standard error line by line.
final class CLIRun: @unchecked Sendable {
  private let lock = NSLock()
  private var outputLines: [String] = []
  private var errorLines: [String] = []
  let status: Int32

  init(_ arguments: [String], registry: Registry, in directory: URL) {
    var status: Int32 = -1
    let box = LinesBox()
    status = EBMCommand.run(
      arguments: arguments, registry: registry, output: { box.append(output: $0) }, error: { box.append(error: $0) },
      workingDirectory: directory)
    self.status = status
    outputLines = box.output
    errorLines = box.error
  }

  /// Standard output, split into lines.
  var output: [String] { lock.withLock { outputLines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } } }
  /// Standard error, split into lines.
  var error: [String] { lock.withLock { errorLines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } } }
  /// Standard output as one text.
  var text: String { output.joined(separator: "\n") }

  /// The single JSON object printed on standard output.
  func json() throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      throw CocoaError(.propertyListReadCorrupt)
    }
    return object
  }
}

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

/// A fresh temporary folder, removed by `remove()`.
struct TemporaryFolder {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  func remove() { try? FileManager.default.removeItem(at: url) }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  func contents(_ name: String = "") -> [String] {
    let folder = name.isEmpty ? url : url.appendingPathComponent(name)
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }
  func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
}
