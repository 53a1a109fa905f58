import EBMCommand
import EBMProtocols
import Foundation

/// Runs `ebm` in-process with the test registry and a temporary working directory, capturing
/// standard output and standard error line by line.
struct CLIRun {
  let status: Int32
  /// Standard output, split into lines.
  let output: [String]
  /// Standard error, split into lines.
  let error: [String]

  init(_ arguments: [String], registry: Registry, in directory: URL) {
    let box = LinesBox()
    status = EBMTool.run(
      arguments: arguments, registry: registry, output: { box.append(output: $0) }, error: { box.append(error: $0) },
      workingDirectory: directory)
    let split = { (lines: [String]) in
      lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }
    output = split(box.output)
    error = split(box.error)
  }

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
