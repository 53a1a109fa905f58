import Foundation

/// Writes a file atomically: the bytes go to a hidden temporary file in the same folder
/// (`.NAME.UUID.tmp`), which is synchronised and then renamed over the destination, so a reader
/// never sees half a file. A process killed mid-write leaves only the temporary file, which
/// ``isTemporary(_:)`` recognises so that the next run in that folder can remove it.
public enum AtomicFile {
  /// Writes `data` to `url` atomically.
  /// - Throws: ``InputFileError`` naming `url` and the reason.
  public static func write(_ data: Data, to url: URL) throws(InputFileError) {
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
        throw InputFileError(path: url.path, reason: "cannot be written (cannot create a temporary file in \(directory.path))")
      }
      let handle = try FileHandle(forWritingTo: temporary)
      do {
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
      } catch {
        try? handle.close()
        throw error
      }
      let status = temporary.withUnsafeFileSystemRepresentation { source in
        url.withUnsafeFileSystemRepresentation { destination -> Int32 in
          guard let source, let destination else { return -1 }
          return rename(source, destination)
        }
      }
      guard status == 0 else {
        let reason = String(cString: strerror(errno))
        throw InputFileError(path: url.path, reason: "cannot be written (renaming the temporary file into place failed: \(reason))")
      }
    } catch let error as InputFileError {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw InputFileError(path: url.path, reason: "cannot be written (\(error.localizedDescription))")
    }
  }

  /// Whether a file name is one of this writer's temporary files (`.NAME.UUID.tmp`).
  public static func isTemporary(_ name: String) -> Bool {
    guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
    let parts = name.dropLast(4).split(separator: ".")
    return parts.last.map { UUID(uuidString: String($0)) != nil } ?? false
  }
}
