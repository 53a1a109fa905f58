import EBMProtocols
import Testing
import _EBMTestSupport

@Suite struct CoreRegistryTests {
  let registry = ToyComponents.registry()

  @Test func looksUpNamesAndAliases() throws {
    #expect(try registry.objectives.descriptor("toy-energy").name == "toy-energy")
    #expect(try registry.objectives.descriptor("toy-e").name == "toy-energy")
    #expect(registry.objectives.contains("toy-e"))
    #expect(registry.objectives.names == ["toy-energy", "toy-ml-is"])
    let found = registry.lookup("toy-linear")
    #expect(found.count == 1)
    #expect(found.first?.kind == .architecture)
    #expect(found.first?.options.map(\.name) == ["scale"])
    #expect(registry.summaries(of: .sampler).map(\.name) == ["toy-gaussian", "toy-langevin"])
    #expect(registry.allNames.contains("toy-study"))
  }

  @Test func unknownNameListsWhatExistsAndSuggestsTheNearest() {
    #expect(throws: EBMError.unknownComponent(
      kind: "objective", name: "toy-energi", available: ["toy-energy", "toy-ml-is"], suggestion: "toy-energy")
    ) {
      try registry.objectives.descriptor("toy-energi")
    }
    let error = EBMError.unknownComponent(
      kind: "objective", name: "toy-energi", available: ["toy-energy", "toy-ml-is"], suggestion: "toy-energy")
    #expect(error.description == "unknown objective 'toy-energi'. Did you mean 'toy-energy'? Available: toy-energy, toy-ml-is")
    // Far from everything: no suggestion, but the list.
    do {
      _ = try registry.samplers.descriptor("hamiltonian")
      Issue.record("expected an error")
    } catch let error as EBMError {
      #expect(error.description == "unknown sampler 'hamiltonian'. Available: toy-gaussian, toy-langevin")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func kindsAreReadFromTheirNamesAndPlurals() {
    #expect(ComponentKind(argument: "objective") == .objective)
    #expect(ComponentKind(argument: "Objectives") == .objective)
    #expect(ComponentKind(argument: "studies") == .study)
    #expect(ComponentKind(argument: "inferences") == .inference)
    #expect(ComponentKind(argument: "objectiv") == nil)
    #expect(ComponentKind.allCases.map(\.rawValue) == ["task", "architecture", "objective", "sampler", "optimizer", "inference", "study"])
  }

  @Test func emptyTableSaysNone() {
    let error = EBMError.unknownComponent(kind: "inference", name: "x", available: [], suggestion: nil)
    #expect(error.description == "unknown inference 'x'. Available: none")
  }

  func optionError(_ table: String, _ reference: ComponentReference) -> EBMError? {
    do {
      switch table {
      case "objective": _ = try registry.objectives.make(reference)
      case "sampler": _ = try registry.samplers.make(reference)
      case "study": _ = try registry.studies.make(reference)
      default: _ = try registry.architectures.make(reference)
      }
      return nil
    } catch {
      return error as? EBMError
    }
  }

  @Test func unknownOptionSuggestsTheNearestAndListsOptions() {
    let error = optionError("objective", ComponentReference("toy-ml-is", options: ["sample": 3]))
    #expect(error == .invalidOption(
      component: "toy-ml-is", option: "sample", reason: "does not exist. Did you mean 'samples'? Options: samples"))
  }

  @Test func wrongTypeNamesTheOptionAndTheType() {
    #expect(optionError("objective", ComponentReference("toy-ml-is", options: ["samples": "many"]))
      == .invalidOption(component: "toy-ml-is", option: "samples", reason: "must be integer, got 'many'"))
    #expect(optionError("objective", ComponentReference("toy-ml-is", options: ["samples": 2.5]))
      == .invalidOption(component: "toy-ml-is", option: "samples", reason: "must be integer, got '2.5'"))
    #expect(optionError("sampler", ComponentReference("toy-gaussian", options: ["std": true]))
      == .invalidOption(component: "toy-gaussian", option: "std", reason: "must be number, got 'true'"))
  }

  @Test func outOfRangeNamesTheAllowedRange() {
    #expect(optionError("objective", ComponentReference("toy-ml-is", options: ["samples": 0]))
      == .invalidOption(component: "toy-ml-is", option: "samples", reason: "must be in 1...4096, got 0"))
    #expect(optionError("sampler", ComponentReference("toy-langevin", options: ["step-size": "2"]))
      == .invalidOption(component: "toy-langevin", option: "step-size", reason: "must be in 1e-06...1, got 2"))
  }

  @Test func choicesAndListsNameWhatIsAllowed() {
    #expect(optionError("sampler", ComponentReference("toy-langevin", options: ["init": "uniform"]))
      == .invalidOption(component: "toy-langevin", option: "init", reason: "must be one of normal, got 'uniform'"))
    #expect(optionError("study", ComponentReference("toy-study", options: ["methods": "toy-energy,bogus"]))
      == .invalidOption(
        component: "toy-study", option: "methods", reason: "has 'bogus', which is not one of toy-energy, toy-ml-is"))
  }

  @Test func stringsAreReadByTheDeclaredTypeAndDefaultsFilledIn() throws {
    let descriptor = try registry.objectives.descriptor("toy-ml-is")
    #expect(try descriptor.resolveOptions([:]).int("samples") == 32)
    #expect(try descriptor.resolveOptions(["samples": "64"]).int("samples") == 64)
    let study = try registry.studies.descriptor("toy-study")
    #expect(try study.resolveOptions(["methods": "toy-ml-is"]).strings("methods") == ["toy-ml-is"])
    let sampler = try registry.samplers.descriptor("toy-langevin")
    #expect(try sampler.resolveOptions(["step-size": "0.01"]).double("step-size") == 0.01)
  }

  @Test func nearestNameToleratesTyposOnly() {
    #expect(NameSuggestion.nearest(to: "adma", in: ["adam", "sgd"]) == "adam")
    #expect(NameSuggestion.nearest(to: "NCE", in: ["nce+", "dsm"]) == "nce+")
    #expect(NameSuggestion.nearest(to: "langevin", in: ["adam", "sgd"]) == nil)
  }
}
