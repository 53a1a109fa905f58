import EBMProtocols
import Foundation
import Tensors
import Testing
import _EBMTestSupport

/// No lost run: an output folder holding a run is never silently replaced, a failed run removes
/// what it created (temporary files too), and empty paths and lists are usage errors.
@Suite struct CLIReliabilityTests {
  let registry = EndToEndCauchyObjective.registry()

  func run(_ arguments: [String], in folder: TemporaryFolder) -> CLIRun {
    CLIRun(arguments, registry: registry, in: folder.url)
  }

  @Test func aSecondRunIntoTheSameFolderIsRefusedUnlessOverwriting() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let first = run(["train", "--task", "toy-line", "--epochs", "1", "--out", "r", "--no-pictures"], in: folder)
    #expect(first.status == 0)
    let weights = try Data(contentsOf: folder.url.appendingPathComponent("r/model.safetensors"))
    let second = run(["train", "--task", "toy-line", "--epochs", "2", "--seed", "5", "--out", "r", "--no-pictures"], in: folder)
    #expect(second.status == 2)
    #expect(second.error == [
      "ebm train: error: \(folder.path("r")) already holds a run (model.safetensors, model.json, weights.safetensors, pipeline.json, metrics.json, losses.csv); help: choose another --out, or pass --overwrite to replace that run"
    ])
    #expect(try Data(contentsOf: folder.url.appendingPathComponent("r/model.safetensors")) == weights, "the first run is intact")
    let third = run(["train", "--task", "toy-line", "--epochs", "2", "--seed", "5", "--out", "r", "--no-pictures", "--overwrite"], in: folder)
    #expect(third.status == 0)
    let sidecar = try String(contentsOf: folder.url.appendingPathComponent("r/model.json"), encoding: .utf8)
    #expect(sidecar.contains("\"seed\" : 5"))
  }

  @Test func resumingInTheRunsOwnFolderRemovesStaleTemporaryFiles() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    #expect(run(["train", "--task", "toy-line", "--epochs", "1", "--out", "r", "--no-pictures"], in: folder).status == 0)
    // What a run killed mid-write leaves behind.
    let stale = ".model.safetensors.\(UUID().uuidString).tmp"
    try Data(count: 1000).write(to: folder.url.appendingPathComponent("r/\(stale)"))
    let resumed = run(["train", "--resume", "r/model.safetensors", "--epochs", "2", "--no-pictures"], in: folder)
    #expect(resumed.status == 0, "\(resumed.error)")
    #expect(!folder.contents("r").contains(stale))
    let sidecar = try String(contentsOf: folder.url.appendingPathComponent("r/model.json"), encoding: .utf8)
    #expect(sidecar.contains("\"epochs\" : 2"))
    // Fewer epochs than done: refused, the checkpoint unchanged.
    let before = try Data(contentsOf: folder.url.appendingPathComponent("r/model.json"))
    let shorter = run(["train", "--resume", "r/model.safetensors", "--epochs", "1", "--no-pictures"], in: folder)
    #expect(shorter.status == 2, "a refused --epochs is a command-line error")
    #expect(shorter.error.last?.contains("help: resume with --epochs 2 or more") == true, "\(shorter.error)")
    #expect(try Data(contentsOf: folder.url.appendingPathComponent("r/model.json")) == before)
  }

  @Test func resumingAStudyRemovesStaleTemporaryFiles() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let arguments = ["study", "toy-study", "--seeds", "1", "--methods", "toy-energy", "--epochs", "1", "--out", "s", "--no-pictures"]
    #expect(run(arguments, in: folder).status == 0)
    // What a study killed mid-write leaves behind: a record and a results file half written.
    let record = folder.contents("s/records").first { $0.hasSuffix(".json") }!
    let staleRecord = ".\(record).\(UUID().uuidString).tmp"
    let staleResults = ".results.json.\(UUID().uuidString).tmp"
    try Data(count: 100).write(to: folder.url.appendingPathComponent("s/records/\(staleRecord)"))
    try Data(count: 100).write(to: folder.url.appendingPathComponent("s/\(staleResults)"))
    // Not ours (no UUID): kept.
    try Data(count: 1).write(to: folder.url.appendingPathComponent("s/records/.notes.tmp"))
    let resumed = run(arguments, in: folder)
    #expect(resumed.status == 0, "\(resumed.error)")
    #expect(!folder.contents("s/records").contains(staleRecord))
    #expect(!folder.contents("s").contains(staleResults))
    #expect(folder.contents("s/records").contains(".notes.tmp"))
  }

  @Test func emptyPathsAndListsAreUsageErrors() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let out = run(["train", "--task", "toy-line", "--out", ""], in: folder)
    #expect(out.status == 2 && out.error.first == "ebm train: error: --out needs a non-empty value")
    let methods = run(["study", "toy-study", "--methods", ""], in: folder)
    #expect(methods.status == 2)
    #expect(methods.error.first?.contains("option 'methods' needs at least one name") == true, "\(methods.error)")
    #expect(folder.contents().isEmpty, "nothing written")
  }

  @Test func samplesWhoseMemoryNoMachineHasAreRefused() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let trained = run(["train", "--task", "toy-line", "--objective", "toy-ml-is", "--epochs", "1", "--out", "r", "--no-pictures"], in: folder)
    #expect(trained.status == 0, "\(trained.error)")
    let result = run(["sample", "r/model.safetensors", "--count", "1000000000", "--inputs", "1000000"], in: folder)
    #expect(result.status == 2)
    #expect(result.error.first?.hasPrefix("ebm sample: error: --count 1000000000 samples for --inputs 1000000 (16 proposals each) would take ") == true, "\(result.error)")
  }

  @Test func nonFiniteWeightsAreRefusedByEvalUnlessAllowed() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    #expect(run(["train", "--task", "toy-line", "--epochs", "1", "--out", "r", "--no-pictures"], in: folder).status == 0)
    let url = folder.url.appendingPathComponent("r/model.safetensors")
    var checkpoint = try Checkpoint.read(from: url)
    let name = checkpoint.parameters.keys.sorted()[0]
    checkpoint.parameters[name] = checkpoint.parameters[name]! * Float.nan
    try checkpoint.write(to: url)
    let refused = run(["eval", "r/model.safetensors", "--no-pictures"], in: folder)
    #expect(refused.status == 2)
    #expect(refused.error.first?.contains("tensor 'param/\(name)' holds nan") == true, "\(refused.error)")
    let allowed = run(["eval", "r/model.safetensors", "--no-pictures", "--allow-non-finite"], in: folder)
    #expect(allowed.status != 2, "\(allowed.error)")
    let resumed = run(["train", "--resume", "r/model.safetensors", "--epochs", "2"], in: folder)
    #expect(resumed.status == 2)
  }
}
