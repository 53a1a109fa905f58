import EBMProtocols
import Testing
import _EBMTestSupport

@Suite struct CoreCompatibilityTests {
  let registry = ToyComponents.registry()

  func compositionError(_ spec: PipelineSpec) -> String? {
    do {
      _ = try registry.makePipeline(spec)
      return nil
    } catch let EBMError.incompatible(reason) {
      return reason
    } catch {
      return "unexpected \(error)"
    }
  }

  @Test func objectiveNeedingDensitiesRejectsADynamicsSampler() {
    let reason = compositionError(
      PipelineSpec(
        task: ComponentReference("toy-line"), objective: ComponentReference("toy-ml-is"),
        sampler: ComponentReference("toy-langevin")))
    #expect(
      reason
        == "objective 'toy-ml-is' needs log q, but sampler 'toy-langevin' runs dynamics and has no density; help: choose a proposal sampler with a density"
    )
  }

  @Test func objectiveNeedingDensitiesAcceptsADensitySampler() throws {
    let pipeline = try registry.makePipeline(
      PipelineSpec(
        task: ComponentReference("toy-line"), objective: ComponentReference("toy-ml-is"),
        sampler: ComponentReference("toy-gaussian", options: ["std": 0.5])))
    #expect(pipeline.sampler?.capability == .density)
  }

  @Test func architectureOfTheWrongEnergyKindIsRejected() {
    let reason = compositionError(
      PipelineSpec(task: ComponentReference("toy-line"), architecture: ComponentReference("toy-point")))
    #expect(
      reason
        == "architecture 'toy-point' is unconditional(y ∈ ℝ^2), but task 'toy-line' needs conditional(x [1], y ∈ ℝ^1)")
  }

  @Test func objectiveForAnotherEnergyFamilyIsRejected() {
    let reason = compositionError(
      PipelineSpec(task: ComponentReference("toy-points"), objective: ComponentReference("toy-ml-is")))
    #expect(reason == "objective 'toy-ml-is' trains conditional energies, but task 'toy-points' is unconditional")
  }

  @Test func aliasesGetTheTaskDefaultsOfTheirName() throws {
    let pipeline = try registry.makePipeline(
      PipelineSpec(task: ComponentReference("toy-line"), objective: ComponentReference("toy-e")))
    #expect(pipeline.spec.objective?.name == "toy-energy")
  }

  @Test func badEpochsAndBatchSizeAreRejected() {
    #expect(throws: EBMError.invalidOption(component: "pipeline", option: "batchSize", reason: "must be in 1...1000000, got 0")) {
      try registry.makePipeline(PipelineSpec(task: ComponentReference("toy-line"), batchSize: 0))
    }
    #expect(throws: EBMError.invalidOption(component: "pipeline", option: "epochs", reason: "must be in 0...1000000, got -1")) {
      try registry.makePipeline(PipelineSpec(task: ComponentReference("toy-line"), epochs: -1))
    }
  }
}
