import EBMProtocols
import Foundation
import Testing
import _EBMTestSupport

@Suite struct CoreStudyRunnerTests {
  let registry = ToyComponents.registry()

  func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("core-study-\(UUID().uuidString)")
  }

  @Test func runsEveryCellAndWritesResults() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let study = try registry.studies.make(ComponentReference("toy-study", options: ["epochs": 2]))
    let output = LineLog()
    let log = LineLog()
    let outcome = try StudyRunner(registry: registry).run(
      study, name: "toy-study", seedCount: 2, outputDirectory: directory, json: true,
      output: { output.append($0) }, log: { log.append($0) })

    #expect(outcome.records.count == 4)
    #expect(outcome.records.map { $0.label("method")! } == ["toy-energy", "toy-energy", "toy-ml-is", "toy-ml-is"])
    #expect(outcome.records.map(\.seed) == [0, 1, 0, 1])
    #expect(log.lines.count == 4)
    #expect(log.lines.first == "[1/4] toy-study: toy-energy seed 0")
    // --json: one object per record on the output, nothing else.
    #expect(output.lines.count == 4)
    for line in output.lines {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect(Set(object.keys) == ["method", "seed", "test_energy", "grid_mse", "train_seconds"])
    }
    let results = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("results.json"))) as? [[String: Any]])
    #expect(results.count == 4)
    let csv = try String(contentsOf: directory.appendingPathComponent("results.csv"), encoding: .utf8)
    let rows = csv.split(separator: "\n")
    #expect(rows.first == "method,seed,test_energy,grid_mse,train_seconds")
    #expect(rows.count == 5)
    let summary = try String(contentsOf: directory.appendingPathComponent("summary.txt"), encoding: .utf8)
    #expect(summary.hasPrefix("method      grid_mse"))
    #expect(summary.contains("toy-ml-is"))
    #expect(outcome.table.contains(" ± "))
    // Each cell's metrics are its record's.
    let first = outcome.records[0]
    let written = try #require(results[0]["grid_mse"] as? Double)
    #expect(Swift.abs(written - first.value("grid_mse")!) < 1e-12)
    // Predicting y = 0 would score E[(2x − 0.5)²] + 0.1² = 4/3 + 1/4 + 0.01 ≈ 1.59; eight Adam
    // steps of the energy loss must already do better.
    #expect(first.value("grid_mse")! < 1.5)
  }

  /// Runs trained two at a time give the same records, in the same order, as one at a time
  /// (every run draws from its own seed); only the timings differ.
  @Test func concurrentRunsGiveTheSameRecords() throws {
    let study = try registry.studies.make(ComponentReference("toy-study", options: ["epochs": 3]))
    func records(jobs: Int) throws -> [String] {
      let directory = temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let outcome = try StudyRunner(registry: registry).run(
        study, name: "toy-study", seedCount: 3, outputDirectory: directory, jobs: jobs, output: { _ in }, log: { _ in })
      return outcome.records.map { record in
        StudyRunner.jsonLine(StudyRecord(labels: record.labels, seed: record.seed, metrics: record.metrics.filter { $0.name != "train_seconds" }))
      }
    }
    let serial = try records(jobs: 1)
    #expect(serial.count == 6)
    #expect(try records(jobs: 2) == serial)
    #expect(try records(jobs: 4) == serial)
  }

  @Test func filtersComeFromTheStudyOptions() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let study = try registry.studies.make(ComponentReference("toy-study", options: ["methods": "toy-energy", "epochs": 1]))
    let output = LineLog()
    let outcome = try StudyRunner(registry: registry).run(
      study, name: "toy-study", seedCount: 1, outputDirectory: directory, output: { output.append($0) }, log: { _ in })
    #expect(outcome.records.count == 1)
    #expect(output.lines.count == 1, "the table only")
    #expect(output.lines[0].split(separator: "\n").count == 3, "header, rule, one row")
  }

  @Test func zeroSeedsIsAnError() throws {
    let study = try registry.studies.make(ComponentReference("toy-study"))
    #expect(throws: EBMError.invalid("--seeds must be at least 1")) {
      try StudyRunner(registry: registry).run(
        study, name: "toy-study", seedCount: 0, outputDirectory: temporaryDirectory(), output: { _ in }, log: { _ in })
    }
  }

  @Test func summaryIsMeanAndSampleStandardDeviation() {
    #expect(StudyRunner.formatStatistic([1, 3]) == "2.000 ± 1.414")
    #expect(StudyRunner.formatStatistic([0.5]) == "0.500")
    #expect(StudyRunner.formatStatistic([]) == "—")
    let records = [
      StudyRecord(labels: [.init("method", "a")], seed: 0, metrics: [Metric("m", 1, .lowerIsBetter)]),
      StudyRecord(labels: [.init("method", "a")], seed: 1, metrics: [Metric("m", 3, .lowerIsBetter)]),
      StudyRecord(labels: [.init("method", "b")], seed: 0, metrics: [Metric("m", nil, .lowerIsBetter)]),
    ]
    let table = StudyRunner.summaryTable(records, keys: ["method"], metrics: ["m"])
    #expect(table == "method  m              seeds\n------  -------------  -----\na       2.000 ± 1.414  2\nb       —              1")
  }
}
