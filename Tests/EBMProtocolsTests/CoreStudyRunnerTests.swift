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
    #expect(log.lines.filter { $0.hasPrefix("[done ") }.count == 4)
    #expect(log.lines.first == "[1/4] toy-study: toy-energy seed 0")
    // One record per run, named by the run's id, and the files every study writes.
    let recordNames = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("records").path).sorted()
    #expect(recordNames == ["method-toy-energy_seed-0.json", "method-toy-energy_seed-1.json", "method-toy-ml-is_seed-0.json", "method-toy-ml-is_seed-1.json"])
    for file in ["study.json", "report.html"] {
      #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "\(file)")
    }
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

  func withoutTimings(_ records: [StudyRecord]) -> [String] {
    records.map { record in
      StudyRunner.jsonLine(StudyRecord(labels: record.labels, seed: record.seed, metrics: record.metrics.filter { $0.name != "train_seconds" }))
    }
  }

  func resultsWithoutTimings(_ directory: URL) throws -> String {
    let text = try String(contentsOf: directory.appendingPathComponent("results.json"), encoding: .utf8)
    return text.replacingOccurrences(of: #""train_seconds": [-0-9.e]+"#, with: "", options: .regularExpression)
  }

  /// A second run into the same folder executes only the runs without a record (here the one
  /// whose record was deleted, as after a kill) and gives the same results.
  @Test func rerunSkipsRunsWithARecord() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let study = try registry.studies.make(ComponentReference("toy-study", options: ["epochs": 2]))
    let runner = StudyRunner(registry: registry)
    let settings = ["epochs": "2", "methods": "toy-energy,toy-ml-is"]
    let first = try runner.run(
      study, name: "toy-study", settings: settings, seedCount: 2, outputDirectory: directory, output: { _ in }, log: { _ in })
    #expect(first.executedRuns == 4)
    let before = try resultsWithoutTimings(directory)
    try FileManager.default.removeItem(at: directory.appendingPathComponent("records/method-toy-ml-is_seed-0.json"))
    let log = LineLog()
    let second = try runner.run(
      study, name: "toy-study", settings: settings, seedCount: 2, outputDirectory: directory, output: { _ in },
      log: { log.append($0) })
    #expect(second.executedRuns == 1)
    #expect(second.reusedRuns == 3)
    #expect(log.lines.contains("[1/1] toy-study: toy-ml-is seed 0"))
    #expect(try resultsWithoutTimings(directory) == before)
    #expect(withoutTimings(second.records) == withoutTimings(first.records))
  }

  /// A run whose loss turns NaN is recorded as diverged (step, last finite loss) and the study
  /// finishes the others; the table counts it and keeps statistics over the finished seeds; a
  /// re-run does not train it again and gives the same results.
  @Test func divergedRunIsRecordedAndTheStudyGoesOn() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let study = try registry.studies.make(ComponentReference("toy-study", options: ["epochs": 2, "diverging-seed": 1]))
    let runner = StudyRunner(registry: registry)
    let settings = ["epochs": "2", "methods": "toy-energy,toy-ml-is", "diverging-seed": "1"]
    let log = LineLog()
    let first = try runner.run(
      study, name: "toy-study", settings: settings, seedCount: 2, outputDirectory: directory, jobs: 2, output: { _ in },
      log: { log.append($0) })
    #expect(first.executedRuns == 4)
    #expect(first.records.count == 4)
    let diverged = try #require(first.records.first { $0.divergence != nil })
    #expect(diverged.label("method") == "toy-energy" && diverged.seed == 1)
    #expect(diverged.divergence?.step == 2)
    #expect(diverged.divergence?.lastFiniteLoss != nil)
    #expect(diverged.metrics.isEmpty)
    #expect(first.records.filter { $0.divergence != nil }.count == 1)
    #expect(log.lines.contains { $0.contains("toy-energy seed 1: diverged at step 2") })
    // The record says so.
    let record = try JSONSerialization.jsonObject(
      with: Data(contentsOf: directory.appendingPathComponent("records/method-toy-energy_seed-1.json"))) as? [String: Any]
    let divergedEntry = try #require(record?["diverged"] as? [String: Any])
    #expect(divergedEntry["step"] as? Int == 2)
    let finishedRecord = try JSONSerialization.jsonObject(
      with: Data(contentsOf: directory.appendingPathComponent("records/method-toy-energy_seed-0.json"))) as? [String: Any]
    #expect(finishedRecord?["diverged"] == nil)
    // Table: toy-energy over its one finished seed, with the count; toy-ml-is over both.
    let lines = first.table.split(separator: "\n").map(String.init)
    #expect(lines[0].hasSuffix("seeds  diverged"))
    let energyRow = try #require(lines.first { $0.hasPrefix("toy-energy") })
    let seed0 = try #require(first.records.first { $0.label("method") == "toy-energy" && $0.seed == 0 })
    #expect(energyRow.contains(StudyRunner.formatStatistic([seed0.value("grid_mse")!])))
    #expect(!energyRow.contains(" ± "))
    func cells(_ row: String) -> [String] {
      row.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    #expect(cells(energyRow).suffix(2) == ["1", "1 of 2 seeds"])
    let otherRow = try #require(lines.first { $0.hasPrefix("toy-ml-is") })
    #expect(otherRow.contains(" ± ") && cells(otherRow).suffix(2) == ["2", "—"])
    #expect(first.extraLines.last?.contains("toy-energy seed 1 diverged at step 2") == true)
    // results.json and .csv carry it.
    let results = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("results.json"))) as? [[String: Any]])
    #expect(results.filter { $0["diverged"] as? Bool == true }.count == 1)
    #expect(results[1]["diverged_step"] as? Int == 2)
    let csv = try String(contentsOf: directory.appendingPathComponent("results.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("method,seed,diverged_step,"))
    // Resume: nothing is trained again (not even the diverged run), and the results are the same.
    let before = try resultsWithoutTimings(directory)
    let second = try runner.run(
      study, name: "toy-study", settings: settings, seedCount: 2, outputDirectory: directory, output: { _ in }, log: { _ in })
    #expect(second.executedRuns == 0)
    #expect(second.reusedRuns == 4)
    #expect(second.records[1].divergence == diverged.divergence)
    #expect(try resultsWithoutTimings(directory) == before)
    #expect(second.table == first.table)
  }

  /// A folder holding another option's results is refused, before any run, with the fix.
  @Test func changedOptionsAreRefused() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let runner = StudyRunner(registry: registry)
    let study = try registry.studies.make(ComponentReference("toy-study", options: ["epochs": 1, "methods": "toy-energy"]))
    _ = try runner.run(
      study, name: "toy-study", settings: ["epochs": "1"], seedCount: 1, outputDirectory: directory, output: { _ in }, log: { _ in })
    #expect(throws: EBMError.self) {
      try StudyRunner.checkFolder(directory, study: "toy-study", settings: ["epochs": "2"])
    }
    do {
      _ = try runner.run(
        study, name: "toy-study", settings: ["epochs": "2"], seedCount: 1, outputDirectory: directory, output: { _ in }, log: { _ in })
      Issue.record("a changed option must be refused")
    } catch let error as EBMError {
      #expect("\(error)".contains("--epochs 1"))
      #expect("\(error)".contains("--epochs 2"))
      #expect("\(error)".contains("help: use another --out folder"))
    }
    try StudyRunner.checkFolder(directory, study: "toy-study", settings: ["epochs": "1"])
  }

  /// Longest-processing-time-first: every run in exactly one part, the expensive runs on
  /// different parts, and the largest part no more than 4/3 of the optimum.
  @Test func shardsAreFixedCostBalancedParts() throws {
    let costs: [Double] = [1, 1, 14, 3.5, 1.2, 0.1, 1, 1, 14, 3.5, 1.2, 0.1, 1, 1, 14, 3.5, 1.2, 0.1]
    for parts in 1...5 {
      let assignment = StudyShard.assignment(costs: costs, parts: parts)
      #expect(assignment == StudyShard.assignment(costs: costs, parts: parts))
      var union: [Int] = []
      for index in 1...parts { union += try StudyShard(index: index, count: parts).runIndices(costs: costs) }
      #expect(union.sorted() == Array(costs.indices))
      let loads = (0..<parts).map { p in costs.indices.filter { assignment[$0] == p }.reduce(0.0) { $0 + costs[$1] } }
      let lowerBound = max(costs.reduce(0, +) / Double(parts), costs.max()!)
      #expect(loads.max()! <= 4.0 / 3.0 * lowerBound + 1e-9, "parts \(parts): \(loads)")
    }
    // Three ML-MCMC-like runs (cost 14) on three parts: one each.
    let three = StudyShard.assignment(costs: costs, parts: 3)
    #expect(Set([2, 8, 14].map { three[$0] }).count == 3)
    #expect(throws: EBMError.self) { try StudyShard(parsing: "0/3") }
    #expect(throws: EBMError.self) { try StudyShard(parsing: "3") }
    #expect(try StudyShard(parsing: "2/3") == StudyShard(index: 2, count: 3))
  }

  /// Three shards into three folders, merged, give results.json and results.csv equal to one
  /// run's apart from timings; a merge without one shard names the missing runs.
  @Test func shardsMergeToTheOneProcessResults() throws {
    let root = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let study = try registry.studies.make(ComponentReference("toy-study", options: ["epochs": 2]))
    let runner = StudyRunner(registry: registry)
    let settings = ["epochs": "2", "methods": "toy-energy,toy-ml-is"]
    _ = try runner.run(
      study, name: "toy-study", settings: settings, seedCount: 3, outputDirectory: root.appendingPathComponent("one"),
      output: { _ in }, log: { _ in })
    var executed = 0
    for index in 1...3 {
      let outcome = try runner.run(
        study, name: "toy-study", settings: settings, seedCount: 3, outputDirectory: root.appendingPathComponent("shard\(index)"),
        shard: StudyShard(index: index, count: 3), output: { _ in }, log: { _ in })
      executed += outcome.executedRuns
      #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("shard\(index)/results.json").path))
    }
    #expect(executed == 6)
    let shards = (1...3).map { root.appendingPathComponent("shard\($0)") }
    let merged = try runner.merge(shards, into: root.appendingPathComponent("merged"), output: { _ in }, log: { _ in })
    #expect(merged.missingRuns.isEmpty)
    #expect(try resultsWithoutTimings(root.appendingPathComponent("merged")) == resultsWithoutTimings(root.appendingPathComponent("one")))
    let partial = try runner.merge(Array(shards.prefix(2)), into: root.appendingPathComponent("partial"), output: { _ in }, log: { _ in })
    let third = try StudyShard(index: 3, count: 3).runIndices(costs: study.runs(seeds: [0, 1, 2]).map(\.relativeCost))
    #expect(partial.missingRuns == third.map { study.runs(seeds: [0, 1, 2])[$0].id })
  }

  @Test func progressBarText() {
    let bar = ProgressBar(name: "nce+ 2 seed 0", step: 50, totalSteps: 200, epoch: 3, epochs: 12, loss: 0.5, stepsPerSecond: 10)
    #expect(bar.fraction == 0.25)
    #expect(bar.secondsLeft == 15)
    #expect(bar.text(barWidth: 8) == "nce+ 2 seed 0  [██······]   25%  epoch 3/12  loss 0.5000  10.0 steps/s  ETA 15s")
    #expect(ProgressBar.bar(0.3, width: 4) == "█▏··")
    #expect(ProgressBar.bar(1, width: 3) == "███")
    #expect(ProgressBar.duration(185) == "3m05s")
    #expect(ProgressBar.duration(7620) == "2h07m")
  }
}
