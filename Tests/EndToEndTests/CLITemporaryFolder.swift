import Foundation

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
