import EBMProtocols
import Foundation
import Tensors

/// Writing result files: every file goes to a temporary file in the same folder and is then
/// renamed over the destination, so a reader never sees half a file.
enum OutputFiles {
  /// Creates `directory` (and its parents); returns whether it was created now.
  @discardableResult
  static func makeDirectory(_ directory: URL) throws -> Bool {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw CommandError.input("\(directory.path) exists and is not a folder; help: choose another --out")
      }
      return false
    }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw CommandError.input("cannot create the output folder \(directory.path) (\(error.localizedDescription))")
    }
    return true
  }

  /// Writes `text` to `url` atomically.
  static func write(_ text: String, to url: URL) throws {
    do {
      try AtomicFile.write(Data(text.utf8), to: url)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: error.reason)
    }
  }
}
