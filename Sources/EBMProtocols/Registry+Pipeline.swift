import Tensors

extension Registry {
  /// Composes a pipeline from a specification, filling gaps from the task's defaults, and
  /// checks that the pieces fit before any training starts: the objective supports the
  /// energy's family, the architecture was built for the task's energy kind, and the sampler
  /// gives what the objective requires (log q, MCMC samples).
  ///
  /// - Throws: ``EBMError`` naming the unknown component, the bad option or the mismatch.
  public func makePipeline(_ spec: PipelineSpec) throws -> Pipeline {
    let task = try tasks.make(spec.task)
    let defaults = task.defaults
    let kind = task.energyKind
    let context = ComponentContext(energyKind: kind)

    var objectiveReference = spec.objective ?? defaults.objective
    if let overrides = defaults.objectiveOverrides[objectiveReference.name] {
      objectiveReference = ComponentReference(objectiveReference.name, options: overrides.merging(objectiveReference.options) { _, user in user })
    }
    // Resolve aliases to the registered name, so that defaults keyed by name apply.
    objectiveReference.name = try objectives.descriptor(objectiveReference.name).name
    if let overrides = defaults.objectiveOverrides[objectiveReference.name], spec.objective?.name != objectiveReference.name {
      objectiveReference = ComponentReference(objectiveReference.name, options: overrides.merging(objectiveReference.options) { _, user in user })
    }
    let objective = try objectives.make(objectiveReference, context: context)

    let architectureReference = spec.architecture ?? defaults.architecture
    let energy = try architectures.make(architectureReference, context: context)
    guard energy.kind == kind else {
      throw EBMError.incompatible(
        "architecture '\(architectureReference.name)' is \(energy.kind), but task '\(spec.task.name)' needs \(kind)")
    }
    guard objective.supportedFamilies.contains(kind.family) else {
      throw EBMError.incompatible(
        "objective '\(objectiveReference.name)' trains \(objective.supportedFamilies.sorted().map(\.rawValue).joined(separator: "/")) energies, but task '\(spec.task.name)' is \(kind.family.rawValue)")
    }

    let samplerReference: ComponentReference? =
      spec.sampler ?? defaults.samplerForObjective[objectiveReference.name]
      ?? (objectiveReference.name == defaults.objective.name ? defaults.sampler : nil)
    let sampler = try samplerReference.map { try samplers.make($0, context: context) }
    let needs = objective.requirements
    if needs.contains(.densities) {
      guard let sampler else {
        throw EBMError.incompatible("objective '\(objectiveReference.name)' needs a proposal with a density (log q); help: add a sampler such as a Gaussian mixture")
      }
      guard sampler.capability == .density else {
        throw EBMError.incompatible(
          "objective '\(objectiveReference.name)' needs log q, but sampler '\(samplerReference!.name)' runs dynamics and has no density; help: choose a proposal sampler with a density")
      }
    }
    if needs.contains(.mcmcSamples) {
      guard let sampler, sampler.capability == .dynamics else {
        throw EBMError.incompatible(
          "objective '\(objectiveReference.name)' needs MCMC samples of the energy; help: use a dynamics sampler such as langevin"
            + (samplerReference.map { " (not '\($0.name)')" } ?? ""))
      }
    }
    if needs.contains(.anySampler), sampler == nil {
      throw EBMError.incompatible("objective '\(objectiveReference.name)' needs a sampler; help: add one with --sampler")
    }

    let optimizerReference = spec.optimizer ?? defaults.optimizer
    let optimizer = try optimizers.make(optimizerReference, context: context)
    let evaluationSampler = try defaults.evaluationSampler.map { try samplers.make($0, context: context) }

    let epochs = spec.epochs ?? defaults.epochs
    let batchSize = spec.batchSize ?? defaults.batchSize
    let outlierBatchSize = spec.outlierBatchSize ?? defaults.outlierBatchSize

    var resolved = spec
    resolved.architecture = architectureReference
    resolved.objective = objectiveReference
    resolved.sampler = samplerReference
    resolved.optimizer = optimizerReference
    resolved.schedule = spec.schedule ?? defaults.schedule
    resolved.epochs = epochs
    resolved.batchSize = batchSize
    resolved.outlierBatchSize = outlierBatchSize
    // Every number is checked here, whichever way the spec came (Swift, CLI, pipeline file,
    // checkpoint sidecar), before any work.
    try resolved.validateNumbers()
    do {
      try resolved.schedule!.schedule(totalSteps: 1).validate()
    } catch let error as OptimizerError {
      throw EBMError.invalidOption(component: "schedule", option: "schedule", reason: error.description)
    }
    let inferenceReference = defaults.inferenceForObjective[objectiveReference.name] ?? defaults.evaluationInference
    var pipeline = Pipeline(
      spec: resolved, task: task, energy: energy, objective: objective, sampler: sampler, optimizer: optimizer,
      evaluationSampler: evaluationSampler, schedule: resolved.schedule!, epochs: epochs, batchSize: batchSize,
      outlierBatchSize: outlierBatchSize, seed: spec.seed)
    pipeline.evaluationInference = try inferenceReference.map { try inference.make($0, context: context) }
    return pipeline
  }
}
