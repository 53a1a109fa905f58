import Foundation

/// Reads a file that a user named (a checkpoint, a sidecar, a pipeline file): only regular
/// files, and only up to a size limit, so that a FIFO does not block, `/dev/zero` does not fill
/// the memory and a folder is not reported as "permission denied".
///
/// ```swift
/// let data = try InputFile.read(url, limit: InputFile.textLimit)
/// ```
public enum InputFile {
  /// Limit for JSON files (pipelines, sidecars): 64 MiB, far above any real one.
  public static let textLimit = 64 << 20
  /// Limit for tensor files: 64 GiB.
  public static let tensorLimit = 64 << 30

  /// What a path is, when it is not a regular file, in words (`a folder`, `a FIFO (named
  /// pipe)`, …); `nil` for a regular file.
  /// - Throws: ``InputFileError`` when the path does not exist or cannot be examined.
  public static func kind(of url: URL) throws(InputFileError) -> String? {
    var info = stat()
    guard stat(url.path, &info) == 0 else {
      let code = errno
      switch code {
      case ENOENT: throw InputFileError(path: url.path, reason: "does not exist")
      case EACCES: throw InputFileError(path: url.path, reason: "cannot be read (permission denied)")
      case ENOTDIR: throw InputFileError(path: url.path, reason: "does not exist (a parent is not a folder)")
      default: throw InputFileError(path: url.path, reason: "cannot be examined (\(String(cString: strerror(code))))")
      }
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    default: return "not a regular file"
    }
  }

  /// The contents of the regular file at `url`.
  ///
  /// - Parameters:
  ///   - limit: The largest size accepted, in bytes.
  ///   - mapped: Map the file instead of reading it (large tensor files).
  /// - Throws: ``InputFileError`` saying what the path is (missing, a folder, a FIFO, a device),
  ///   that it is larger than `limit`, or why it cannot be read.
  public static func read(_ url: URL, limit: Int, mapped: Bool = false) throws(InputFileError) -> Data {
    if let kind = try kind(of: url) {
      throw InputFileError(path: url.path, reason: "is \(kind), not a regular file")
    }
    let size: Int
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
      size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    } catch {
      throw InputFileError(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
    }
    guard size <= limit else {
      throw InputFileError(
        path: url.path,
        reason: "is \(MemoryBudget.describe(bytes: size)), more than the \(MemoryBudget.describe(bytes: limit)) accepted for this kind of file")
    }
    do {
      return try Data(contentsOf: url, options: mapped ? .mappedIfSafe : [])
    } catch {
      throw InputFileError(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
    }
  }
}
