import EBMCommand
import EBMProtocols
import Foundation
import Testing
import _EBMTestSupport

/// `ebm train`, `eval`, `sample`, `study` on a temporary folder with the test's components.
@Suite struct CLIRunTests {
  let registry = EndToEndCauchyObjective.registry()

  func run(_ arguments: [String], in folder: TemporaryFolder) -> CLIRun {
    CLIRun(arguments, registry: registry, in: folder.url)
  }

  func weights(_ path: String) throws -> ParameterSet {
    try Checkpoint.read(from: URL(fileURLWithPath: path)).parameters
  }

  @Test func trainThenEvalReproducesTheMetrics() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let train = run(["train", "--task", "toy-line", "--objective", "toy-ml-is:samples=16", "--epochs", "3", "--seed", "2", "--out", "run"], in: folder)
    #expect(train.status == 0, "\(train.error)")
    #expect(train.output.first?.hasPrefix("metric") == true)
    #expect(train.output.contains { $0.hasPrefix("grid_mse") })
    #expect(train.output.last == "checkpoint: \(folder.path("run/model.safetensors"))")
    #expect(train.error.filter { $0.hasPrefix("toy-line epoch ") }.count == 3, "plain progress lines: one per epoch")
    #expect(!folder.contents("run").contains { $0.hasPrefix(".") }, "no temporary files")
    let pipeline = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("run/pipeline.json"))) as? [String: Any]
    #expect((pipeline?["sampler"] as? [String: Any])?["name"] as? String == "toy-gaussian", "defaults filled in")
    let objective = pipeline?["objective"] as? [String: Any]
    #expect((objective?["options"] as? [String: Any])?["samples"] as? Int == 16, "typed, not the string \"16\"")
    let trained = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("run/metrics.json"))) as? [String: Any])

    let eval = run(["eval", "run/model.safetensors", "--json"], in: folder)
    #expect(eval.status == 0, "\(eval.error)")
    let evaluated = try eval.json()
    let a = try #require(trained["metrics"] as? [String: Any])
    let b = try #require(evaluated["metrics"] as? [String: Any])
    for name in ["grid_mse", "test_energy"] {
      let x = try #require(a[name] as? Double)
      let y = try #require(b[name] as? Double)
      #expect(Swift.abs(x - y) <= 1e-12 * Swift.max(1, Swift.abs(x)), "\(name): eval of the checkpoint equals the end of training")
    }
    #expect(folder.exists("run/evaluation.json"))
  }

  @Test func defaultOutputFolderIsUnderRuns() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let train = run(["train", "--task", "toy-line", "--epochs", "1", "--seed", "3", "--json"], in: folder)
    #expect(train.status == 0, "\(train.error)")
    let runs = folder.contents("runs")
    #expect(runs.count == 1)
    #expect(runs.first?.hasPrefix("toy-line-toy-energy-s3-") == true, "\(runs)")
    let json = try train.json()
    #expect((json["output_directory"] as? String)?.hasSuffix(runs.first ?? "?") == true)
  }

  /// Two epochs, then `--resume` for two more, equals four epochs straight, bit for bit; and
  /// a run from the written pipeline.json equals it too.
  @Test func resumeAndConfigReproduceAStraightRun() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let common = ["--task", "toy-line", "--objective", "toy-ml-is", "--optimizer", "adam:lr=0.02", "--seed", "8"]
    #expect(run(["train"] + common + ["--epochs", "4", "--out", "straight"], in: folder).status == 0)
    #expect(run(["train"] + common + ["--epochs", "2", "--out", "half"], in: folder).status == 0)
    let resumed = run(["train", "--resume", "half/model.safetensors", "--epochs", "4", "--json"], in: folder)
    #expect(resumed.status == 0, "\(resumed.error)")
    #expect(try resumed.json()["steps"] as? Int == 16)
    let fromConfig = run(["train", "--config", "straight/pipeline.json", "--out", "config"], in: folder)
    #expect(fromConfig.status == 0, "\(fromConfig.error)")

    let straight = try weights(folder.path("straight/model.safetensors"))
    let half = try weights(folder.path("half/model.safetensors"))
    let config = try weights(folder.path("config/model.safetensors"))
    for name in ["w", "c"] {
      #expect(half[name]!.scalars == straight[name]!.scalars, "\(name) resumed")
      #expect(config[name]!.scalars == straight[name]!.scalars, "\(name) from pipeline.json")
    }
    let curve = { (path: String) in try String(contentsOfFile: folder.path(path), encoding: .utf8) }
    #expect(try curve("half/losses.csv") == curve("straight/losses.csv"))

    let conflicting = run(["train", "--resume", "half/model.safetensors", "--seed", "1"], in: folder)
    #expect(conflicting.status == 2)
    #expect(conflicting.error.first?.hasPrefix("ebm train: error: --seed cannot be combined with --resume") == true)
  }

  /// Samples of the trained 2-D energy E(y) = ½‖y − μ‖² (Gibbs density N(μ, I)) drawn by the
  /// task's Langevin sampler: μ fits the data mean (1.5, −1) within ≈ 0.05 and the mean of
  /// 400 draws has standard error 0.05, so the sample mean must lie within 0.3 of (1.5, −1).
  @Test func sampleWritesCSVAndJSON() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let train = run(
      ["train", "--task", "toy-points", "--optimizer", "sgd:lr=1", "--batch-size", "128", "--epochs", "20", "--out", "points"],
      in: folder)
    #expect(train.status == 0, "\(train.error)")
    let sample = run(["sample", "points/model.safetensors", "--count", "400", "--json"], in: folder)
    #expect(sample.status == 0, "\(sample.error)")
    let csv = try String(contentsOfFile: folder.path("points/samples.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv.first == "y0,y1")
    #expect(csv.count == 401)
    let rows = csv.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    let mean0 = rows.map { $0[0] }.reduce(0, +) / 400
    let mean1 = rows.map { $0[1] }.reduce(0, +) / 400
    #expect(Swift.abs(mean0 - 1.5) < 0.3)
    #expect(Swift.abs(mean1 + 1) < 0.3)
    let json = try sample.json()
    #expect((json["samples"] as? [[Double]])?.count == 400)

    let file = run(["sample", "points/model.safetensors", "--count", "5", "--out", "draws.json", "--seed", "1"], in: folder)
    #expect(file.status == 0, "\(file.error)")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("draws.json"))) as? [String: Any]
    #expect((object?["samples"] as? [[Double]])?.count == 5)

    // A conditional pipeline without any sampler has nothing to sample with.
    #expect(run(["train", "--task", "toy-line", "--epochs", "1", "--out", "line"], in: folder).status == 0)
    let none = run(["sample", "line/model.safetensors"], in: folder)
    #expect(none.status == 2)
    #expect(none.error.first?.contains("nothing to sample with") == true)
    // With a density proposal, candidates are resampled by exp(−E)/q around the test targets.
    #expect(run(["train", "--task", "toy-line", "--objective", "toy-ml-is", "--epochs", "1", "--out", "is"], in: folder).status == 0)
    let resampled = run(["sample", "is/model.safetensors", "--count", "4", "--inputs", "3"], in: folder)
    #expect(resampled.status == 0, "\(resampled.error)")
    let lines = try String(contentsOfFile: folder.path("is/samples.csv"), encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "input,y0")
    #expect(lines.count == 13)
  }

  @Test func studyRunsThroughTheRunner() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let study = run(
      ["study", "toy-study", "--methods", "toy-energy", "--epochs", "1", "--seeds", "2", "--out", "study", "--json"],
      in: folder)
    #expect(study.status == 0, "\(study.error)")
    #expect(study.output.count == 2)
    for line in study.output {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect(object?["method"] as? String == "toy-energy")
    }
    #expect(folder.contents("study") == ["records", "report.html", "results.csv", "results.json", "study.json", "summary.txt"])
    #expect(folder.contents("study/records") == ["method-toy-energy_seed-0.json", "method-toy-energy_seed-1.json"])
    let table = run(["study", "toy-study", "--epochs", "1", "--seeds", "1", "--out", "table", "--no-pictures"], in: folder)
    #expect(table.status == 0, "\(table.error)")
    #expect(table.output.first?.hasPrefix("method") == true)
    #expect(table.output.count == 4, "header, rule, two methods")
  }
}
