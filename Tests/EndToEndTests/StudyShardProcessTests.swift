import Foundation
import Testing

/// The job-array path end to end: a small real study (`lecun`, three losses × two seeds, one
/// epoch) run by the built `ebm` executable as three shards in three processes at once, then
/// `ebm study merge`; the merged results.json and results.csv must equal a one-process run's
/// byte for byte once the timings (`train_seconds`) are taken out.
@Suite struct StudyShardProcessTests {
  /// The `ebm` executable built beside the test bundle.
  static func executable() -> URL? {
    var candidates: [URL] = []
    if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
    candidates.append(Bundle.main.bundleURL)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    candidates.append(argument0.deletingLastPathComponent())
    candidates.append(argument0.deletingLastPathComponent().deletingLastPathComponent())
    for folder in candidates {
      var url = folder
      // Inside an .xctest bundle: walk up to the build folder.
      for _ in 0..<4 {
        let ebm = url.appendingPathComponent("ebm")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: ebm.path, isDirectory: &isDirectory), !isDirectory.boolValue,
          FileManager.default.isExecutableFile(atPath: ebm.path)
        {
          return ebm
        }
        url = url.deletingLastPathComponent()
      }
    }
    return nil
  }

  static func start(_ ebm: URL, _ arguments: [String], log: URL) throws -> Process {
    let process = Process()
    process.executableURL = ebm
    process.arguments = arguments
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
  }

  /// The text with every `train_seconds` value (JSON) or column (CSV) removed.
  static func withoutTimings(_ text: String, csv: Bool) -> String {
    guard csv else {
      return text.replacingOccurrences(of: #""train_seconds": [-0-9.e]+"#, with: "", options: .regularExpression)
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    guard let column = lines.first?.firstIndex(of: "train_seconds") else { return text }
    return lines.map { fields in fields.enumerated().filter { $0.offset != column }.map { String($0.element) }.joined(separator: ",") }
      .joined(separator: "\n")
  }

  @Test func threeShardProcessesMergeToTheOneProcessResults() throws {
    let ebm = try #require(Self.executable(), "the ebm executable is built by 'swift build' beside the tests")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shards-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let study = ["study", "lecun", "--losses", "hinge,log,nll", "--architectures", "rbf", "--epochs", "1", "--seeds", "2"]
    var processes: [Process] = []
    for index in 1...3 {
      processes.append(
        try Self.start(
          ebm, study + ["--shard", "\(index)/3", "--out", folder.appendingPathComponent("shard\(index)").path],
          log: folder.appendingPathComponent("shard\(index).log")))
    }
    processes.append(
      try Self.start(ebm, study + ["--out", folder.appendingPathComponent("one").path], log: folder.appendingPathComponent("one.log")))
    for process in processes { process.waitUntilExit() }
    for (i, process) in processes.enumerated() {
      let log = (try? String(contentsOf: folder.appendingPathComponent(i < 3 ? "shard\(i + 1).log" : "one.log"), encoding: .utf8)) ?? ""
      #expect(process.terminationStatus == 0, "\(log)")
    }
    let records = (1...3).flatMap { index in
      (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("shard\(index)/records").path)) ?? []
    }
    #expect(records.count == 6, "every run in exactly one shard: \(records)")
    #expect(Set(records).count == 6)

    let merge = try Self.start(
      ebm, ["study", "merge"] + (1...3).map { folder.appendingPathComponent("shard\($0)").path } + ["--out", folder.appendingPathComponent("merged").path],
      log: folder.appendingPathComponent("merge.log"))
    merge.waitUntilExit()
    #expect(merge.terminationStatus == 0)
    for file in ["results.json", "results.csv"] {
      let merged = try String(contentsOf: folder.appendingPathComponent("merged/\(file)"), encoding: .utf8)
      let one = try String(contentsOf: folder.appendingPathComponent("one/\(file)"), encoding: .utf8)
      #expect(merged.contains("nll"))
      #expect(Self.withoutTimings(merged, csv: file.hasSuffix("csv")) == Self.withoutTimings(one, csv: file.hasSuffix("csv")), "\(file)")
    }
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged/report.html").path))

    // Without the third shard the merge names its runs and fails.
    let partial = try Self.start(
      ebm, ["study", "merge"] + (1...2).map { folder.appendingPathComponent("shard\($0)").path } + ["--out", folder.appendingPathComponent("partial").path],
      log: folder.appendingPathComponent("partial.log"))
    partial.waitUntilExit()
    #expect(partial.terminationStatus == 1)
    let partialLog = try String(contentsOf: folder.appendingPathComponent("partial.log"), encoding: .utf8)
    let missing = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("shard3/records").path)
    for name in missing { #expect(partialLog.contains(String(name.dropLast(".json".count)))) }
  }
}
