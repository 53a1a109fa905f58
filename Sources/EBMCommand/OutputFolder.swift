import EBMProtocols
import Foundation
import Tensors

/// The output folder of one command run (`ebm train`, `ebm eval`, `ebm study`), so that no run
/// is lost: a folder that already holds another run is refused unless the user asks to
/// overwrite it, and a run that fails removes what it created, including temporary files.
///
/// ```swift
/// let folder = try OutputFolder.open(url, overwrite: arguments.has("overwrite"))
/// do { … } catch { folder.removeCreated(keeping: []); throw … }
/// ```
struct OutputFolder {
  /// Files whose presence means the folder holds a run (`ebm train`'s and `ebm study`'s).
  static let runFiles = [
    "model.safetensors", "model.json", "weights.safetensors", "pipeline.json", "metrics.json", "losses.csv", "results.json", "results.csv",
    "summary.txt",
  ]

  let url: URL
  /// Whether this run created the folder.
  let created: Bool
  /// The names in the folder before this run.
  let existing: Set<String>

  /// Opens (creating if needed) `url` for a run.
  ///
  /// - Parameters:
  ///   - overwrite: replace another run in the folder: its ``runFiles`` are removed first.
  ///   - continuing: the folder is this run's own (resuming a checkpoint in its folder,
  ///     evaluating beside a checkpoint): other runs' files are expected and kept.
  /// - Throws: ``CommandError/input(_:)`` when the path is a file, when the folder holds
  ///   another run (and neither `overwrite` nor `continuing`), or when it cannot be created.
  static func open(_ url: URL, overwrite: Bool = false, continuing: Bool = false) throws -> OutputFolder {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      } catch {
        throw CommandError.input("cannot create the output folder \(url.path) (\(error.localizedDescription))")
      }
      return OutputFolder(url: url, created: true, existing: [])
    }
    guard isDirectory.boolValue else {
      let kind = (try? InputFile.kind(of: url)).flatMap { $0 } ?? "a file"
      throw CommandError.input("\(url.path) is \(kind), not a folder; help: choose another --out")
    }
    var names = Set((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
    // Temporary files of a run that was killed mid-write are never worth keeping.
    for name in names where AtomicFile.isTemporary(name) {
      try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
      names.remove(name)
    }
    let previous = runFiles.filter(names.contains)
    if !previous.isEmpty && !continuing {
      guard overwrite else {
        throw CommandError.input(
          "\(url.path) already holds a run (\(previous.joined(separator: ", "))); help: choose another --out, or pass --overwrite to replace that run")
      }
      for name in previous {
        do {
          try FileManager.default.removeItem(at: url.appendingPathComponent(name))
        } catch {
          throw CommandError.input("cannot remove \(url.appendingPathComponent(name).path) to overwrite it (\(error.localizedDescription))")
        }
        names.remove(name)
      }
    }
    return OutputFolder(url: url, created: false, existing: names)
  }

  /// After a failed run: removes the folder if this run created it (unless a file named in
  /// `keeping` now exists there, e.g. a checkpoint to resume from), otherwise the files this
  /// run added except `keeping`; temporary files always go.
  func removeCreated(keeping: Set<String> = []) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    let kept = names.filter { keeping.contains($0) }
    if created && kept.isEmpty {
      try? FileManager.default.removeItem(at: url)
      return
    }
    for name in names where AtomicFile.isTemporary(name) || (!existing.contains(name) && !keeping.contains(name)) {
      try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
    }
  }
}
