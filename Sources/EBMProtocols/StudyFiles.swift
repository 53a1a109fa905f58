import Foundation
import Tensors

/// File helpers of the study runner: atomic writes (``AtomicFile``: a reader or a killed
/// process never sees half a file) and canonical JSON.
enum StudyFiles {
  /// Writes `text` to `url` atomically.
  static func writeAtomically(_ text: String, to url: URL) throws {
    try writeAtomically(Data(text.utf8), to: url)
  }

  static func writeAtomically(_ data: Data, to url: URL) throws {
    do {
      try AtomicFile.write(data, to: url)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: error.reason)
    }
  }

  /// Pretty, key-sorted JSON with a final newline (the same bytes for the same value).
  static func json<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }
}

extension StudyFiles {
  /// Copies the per-run pictures (`*.png`, `*.svg` at the top of each folder) of shard folders
  /// into the merged folder, so its report shows them; the first folder holding a name wins.
  static func copyPictures(from directories: [URL], to destination: URL) throws {
    let manager = FileManager.default
    var copied = Set<String>()
    for directory in directories {
      let names = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
      for name in names.sorted() where (name.hasSuffix(".png") || name.hasSuffix(".svg")) && !copied.contains(name) {
        copied.insert(name)
        let data: Data
        do {
          data = try Data(contentsOf: directory.appendingPathComponent(name))
        } catch {
          throw EBMError.invalidFile(path: directory.appendingPathComponent(name).path, reason: "cannot be read (\(error.localizedDescription))")
        }
        try writeAtomically(data, to: destination.appendingPathComponent(name))
      }
    }
  }
}
