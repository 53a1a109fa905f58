import EBMCommand
import EBMProtocols
import Foundation
import Testing
import _EBMTestSupport

@Suite struct CLICommandTests {
  let registry = EndToEndCauchyObjective.registry()

  func run(_ arguments: [String], in folder: TemporaryFolder) -> CLIRun {
    CLIRun(arguments, registry: registry, in: folder.url)
  }

  // MARK: Usage errors: one line, the usage line, exit 2, nothing written.

  @Test(arguments: [
    (["train", "--task", "toy-line", "--epochs"], "ebm train: error: --epochs needs a value (N)"),
    (["train", "--task", "toy-line", "--epochs", "ten"], "ebm train: error: --epochs needs an integer in 0...1000000, got 'ten'"),
    (["train", "--task", "toy-line", "--epochs", "-1"], "ebm train: error: --epochs must be in 0...1000000, got -1"),
    (["train", "--task", "toy-line", "--lr", "fast"], "ebm train: error: --lr needs a finite number, got 'fast'"),
    (["train", "--task", "toy-line", "--epoch", "3"], "ebm train: error: unknown flag '--epoch'; did you mean --epochs?"),
    (["train", "--epochs", "3"], "ebm train: error: missing --task NAME (or --config FILE)"),
    (["train", "--task", "toy-line", "extra"], "ebm train: error: unexpected argument 'extra'"),
    (["train", "--task", "toy-line", "--json=yes"], "ebm train: error: --json takes no value"),
    (["train", "--task", ":x=1"], "ebm train: error: --task needs a component name, as NAME or NAME:KEY=VALUE,KEY=VALUE"),
    (["list", "objectivs"], "ebm list: error: unknown kind 'objectivs'. Did you mean 'objective'? Kinds: task, architecture, objective, sampler, optimizer, inference, study"),
    (["eval"], "ebm eval: error: missing CHECKPOINT"),
    (["sample", "m.safetensors", "--count", "0"], "ebm sample: error: --count must be in 1...1000000000, got 0"),
    (["study", "toy-study", "--method", "toy-energy"], "ebm study: error: unknown flag '--method' for study 'toy-study'; did you mean --methods? (flags: --seeds, --jobs, --shard, --out, --json, --no-pictures, --methods, --epochs, --diverging-seed)"),
    (["study", "toy-study", "--seeds", "0"], "ebm study: error: --seeds must be in 1...10000, got 0"),
  ])
  func usageErrorsPrintOneLineAndTheUsage(arguments: [String], message: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = run(arguments, in: folder)
    #expect(result.status == 2)
    #expect(result.output.isEmpty)
    #expect(result.error.count == 2, "\(result.error)")
    #expect(result.error.first == message)
    #expect(result.error.last?.hasPrefix("usage: ebm \(arguments[0]) ") == true)
    #expect(folder.contents().isEmpty, "nothing written")
  }

  @Test func unknownAndMissingCommands() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let typo = run(["trian"], in: folder)
    #expect(typo.status == 2)
    #expect(typo.error.first == "ebm: error: unknown command 'trian'; did you mean 'train'?")
    #expect(typo.error.count == 2)
    let none = run([], in: folder)
    #expect(none.status == 2)
    #expect(none.error.first == "ebm: error: missing command")
  }

  // MARK: Bad names, options and pipelines: one line, exit 2, nothing written.

  @Test(arguments: [
    (["train", "--task", "toy-lin"], "ebm train: error: unknown task 'toy-lin'. Did you mean 'toy-line'? Available: "),
    (["train", "--task", "toy-line", "--objective", "toy-ml-is:samples=0"], "ebm train: error: toy-ml-is: option 'samples' must be in 1...4096, got 0"),
    (["train", "--task", "toy-line", "--objective", "toy-ml-is:sample=3"], "ebm train: error: toy-ml-is: option 'sample' does not exist. Did you mean 'samples'?"),
    (["train", "--task", "toy-line", "--objective", "toy-ml-is", "--sampler", "toy-langevin"], "ebm train: error: incompatible pipeline: objective 'toy-ml-is' needs log q, but sampler 'toy-langevin' runs dynamics"),
    (["train", "--task", "toy-line", "--architecture", "toy-point"], "ebm train: error: incompatible pipeline: architecture 'toy-point' is unconditional"),
    (["train", "--task", "toy-line", "--lr", "100"], "ebm train: error: adam: option 'lr' must be in 0...10, got 100"),
    (["train", "--config", "missing.json"], "ebm train: error: "),
    (["eval", "missing.safetensors"], "ebm eval: error: "),
    (["describe", "toy-energi"], "ebm describe: error: no component is called 'toy-energi'. Did you mean 'toy-energy'?"),
    (["study", "toy-studdy"], "ebm study: error: unknown study 'toy-studdy'. Did you mean 'toy-study'?"),
    (["study", "toy-study", "--methods", "toy-energy,bogus"], "ebm study: error: toy-study: option 'methods' has 'bogus', which is not one of toy-energy, toy-ml-is"),
  ])
  func inputErrorsPrintOneLine(arguments: [String], prefix: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = run(arguments, in: folder)
    #expect(result.status == 2)
    #expect(result.output.isEmpty)
    #expect(result.error.count == 1, "\(result.error)")
    #expect(result.error.first?.hasPrefix(prefix) == true, "\(result.error)")
    #expect(folder.contents().isEmpty, "nothing written")
  }

  @Test func misspeltConfigFieldIsAnInputError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Data(#"{"task": {"name": "toy-line"}, "epoch": 2}"#.utf8).write(to: folder.url.appendingPathComponent("p.json"))
    let result = run(["train", "--config", "p.json"], in: folder)
    #expect(result.status == 2)
    #expect(result.error == ["ebm train: error: \(folder.path("p.json")): unknown field 'epoch'; did you mean 'epochs'? (fields: task, architecture, objective, sampler, optimizer, schedule, epochs, batchSize, outlierBatchSize, seed)"])
  }

  // MARK: A failed run: one line, exit 1, no half-written folder.

  @Test func nonFiniteLossExitsOneAndLeavesNothing() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = run(["train", "--task", "toy-line", "--objective", "toy-energy:nan-at-step=2", "--out", "nan"], in: folder)
    #expect(result.status == 1)
    #expect(result.output.isEmpty)
    let last = try #require(result.error.last)
    #expect(last.hasPrefix("ebm train: error: training stopped: the loss became NaN or infinite at step 2; the last finite loss was "))
    #expect(!folder.exists("nan"), "the output folder is removed")
  }

  /// In a study a diverged run is a result: the study finishes the others and exits 0.
  @Test func studyWithADivergedRunExitsZero() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = run(
      ["study", "toy-study", "--epochs", "2", "--seeds", "2", "--diverging-seed", "0", "--no-pictures", "--out", "s"], in: folder)
    #expect(result.status == 0)
    let energy = try #require(result.output.first { $0.hasPrefix("toy-energy") })
    #expect(energy.hasSuffix("1 of 2 seeds"))
    #expect(result.output.contains { $0.hasPrefix("toy-ml-is") && $0.hasSuffix("—") })
    #expect(result.error.contains { $0.contains("toy-energy seed 0: diverged at step 2") })
    #expect(folder.exists("s/records/method-toy-energy_seed-0.json"))
  }

  @Test func failureAfterACheckpointKeepsItForResuming() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = run(
      ["train", "--task", "toy-line", "--objective", "toy-energy:nan-at-step=6", "--checkpoint-every", "4", "--out", "nan"],
      in: folder)
    #expect(result.status == 1)
    #expect(result.error.last?.hasSuffix("can be resumed with --resume)") == true, "\(result.error)")
    #expect(folder.contents("nan") == ["model.json", "model.safetensors"])
  }

  // MARK: list, describe, help.

  @Test func listShowsTheRegisteredComponents() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let objectives = run(["list", "objectives"], in: folder)
    #expect(objectives.status == 0)
    #expect(objectives.output.first?.hasPrefix("kind") == true)
    #expect(objectives.output.contains { $0.hasPrefix("objective  e2e-cauchy") })
    #expect(objectives.output.contains { $0.contains("toy-energy (alias toy-e)") })
    #expect(!objectives.output.contains { $0.hasPrefix("task") })
    let all = run(["list", "--json"], in: folder)
    #expect(all.status == 0)
    let objects = try all.output.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    #expect(objects.contains { $0?["name"] as? String == "toy-study" && $0?["kind"] as? String == "study" })
    #expect(objects.contains { $0?["name"] as? String == "adam" && $0?["kind"] as? String == "optimizer" })
    #expect(objects.contains { $0?["name"] as? String == "toy-energy" && $0?["aliases"] as? [String] == ["toy-e"] })
  }

  @Test func describeShowsOptionsDetailsAndJSON() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let text = run(["describe", "e2e-cauchy"], in: folder)
    #expect(text.status == 0)
    #expect(text.output.first == "objective e2e-cauchy: Cauchy energy loss (test-only)")
    #expect(text.output.contains { $0.hasPrefix("  delta   number  1        range 0.001...1000  scale δ") })
    #expect(text.output.contains("L = mean log(1 + E(x, y) / δ²)"))
    let alias = run(["describe", "toy-e"], in: folder)
    #expect(alias.output.first == "objective toy-energy: Mean energy of the data (energy loss)")
    let json = run(["describe", "toy-langevin", "--json"], in: folder)
    let object = try json.json()
    let options = try #require(object["options"] as? [[String: Any]])
    #expect(options.map { $0["name"] as? String } == ["steps", "step-size", "init"])
    #expect(options[0]["default"] as? Int == 50)
    #expect(options[0]["range"] as? [Double] == [1, 10000])
    #expect(options[2]["choices"] as? [String] == ["normal"])
  }

  @Test func helpForEveryCommand() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let help = run(["--help"], in: folder)
    #expect(help.status == 0)
    #expect(help.text.contains("commands:"))
    for command in ["list", "describe", "train", "eval", "sample", "study"] {
      let a = run(["help", command], in: folder)
      let b = run([command, "--help"], in: folder)
      #expect(a.status == 0)
      #expect(a.output == b.output)
      #expect(a.output.contains { $0.hasPrefix("usage: ebm \(command)") })
    }
    let study = run(["study", "toy-study", "--help"], in: folder)
    #expect(study.status == 0)
    #expect(study.output.contains("study toy-study: Toy study: objectives × seeds on toy-line"))
    #expect(study.output.contains("options (give them as --OPTION VALUE):"))
    #expect(study.output.contains { $0.hasPrefix("  methods ") })
    #expect(run(["help", "study", "toy-study"], in: folder).output == study.output)
    let studies = run(["help", "study"], in: folder).output.last ?? ""
    #expect(studies.hasPrefix("studies: "))
    #expect(studies.contains("toy-study"))
  }
}
