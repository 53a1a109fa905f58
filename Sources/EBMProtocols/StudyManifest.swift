import Foundation

/// `study.json` in a study's output folder: which study with which options, so that a
/// re-run into the folder (resume, another shard) is checked against it and `ebm study merge`
/// can rebuild the grid. The seed count is kept but may grow on a re-run (more seeds reuse
/// the records already there).
public struct StudyManifest: Codable, Sendable, Equatable {
  public var study: String
  /// The study's resolved options as text (the seed count, shard and jobs are not options).
  public var settings: [String: String]
  public var seeds: Int

  public init(study: String, settings: [String: String], seeds: Int) {
    self.study = study
    self.settings = settings
    self.seeds = seeds
  }

  static let fileName = "study.json"

  /// The manifest in `directory`, or nil when there is none.
  static func read(in directory: URL) throws -> StudyManifest? {
    let url = directory.appendingPathComponent(fileName)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    do {
      return try JSONDecoder().decode(StudyManifest.self, from: Data(contentsOf: url))
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "is not a study manifest (\(error)); remove it or use another folder")
    }
  }

  func write(in directory: URL) throws {
    try StudyFiles.writeAtomically(try StudyFiles.json(self), to: directory.appendingPathComponent(Self.fileName))
  }

  /// The options as `--name value` text, sorted, for messages.
  var settingsText: String {
    settings.keys.sorted().map { "--\($0) \(settings[$0]!)" }.joined(separator: " ")
  }

  /// Throws unless `other` is the same study with the same options.
  func checkCompatible(with other: StudyManifest, what: String) throws {
    guard study != other.study || settings != other.settings else { return }
    throw EBMError.invalid(
      "\(what) holds study '\(other.study)' with options [\(other.settingsText)], but this run is '\(study)' with [\(settingsText)]."
        + " help: use another --out folder, or the same options to resume")
  }
}
