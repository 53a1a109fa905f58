import Foundation
import Tensors

/// Trains a ``Pipeline``: epochs of shuffled minibatches, one optimizer step per batch, with
/// NaN/Inf detection, progress events and atomic checkpoints.
///
/// Every random draw comes from a stream of the pipeline's seed that depends only on the epoch
/// (batch order) or the global step (the step's generator), never on what came before, so
/// resuming from a checkpoint continues bit-identically to an uninterrupted run.
public struct Trainer: Sendable {
  public var pipeline: Pipeline

  /// When to write checkpoints: every `everySteps` steps (and at the end) to `url`.
  public struct Checkpointing: Sendable {
    public var url: URL
    public var everySteps: Int?
    public init(url: URL, everySteps: Int? = nil) {
      self.url = url
      self.everySteps = everySteps
    }
  }

  public init(pipeline: Pipeline) { self.pipeline = pipeline }

  /// Trains on `data`.
  ///
  /// - Parameters:
  ///   - initialParameters: start from these (e.g. pretrained weights) instead of a fresh
  ///     initialisation.
  ///   - resume: continue from a checkpoint of this pipeline.
  ///   - stopAfterStep: stop (as if interrupted) once this many steps are done.
  ///   - checkpointing: where and how often to write checkpoints.
  ///   - progress: receives step and epoch events.
  /// - Throws: ``EBMError/nonFiniteLoss(step:lastFiniteLoss:)`` when the loss becomes NaN or
  ///   infinite, ``EBMError/nonFiniteParameter(name:step:)`` when an update makes a parameter
  ///   NaN or infinite (checked after every step, so a divergence hidden from the loss cannot
  ///   reach a checkpoint), ``EBMError/invalid(_:)`` when `resume` is further along than this
  ///   run's epochs; errors of the objective and sampler.
  public func train(
    data: TaskData, initialParameters: ParameterSet? = nil, resume: Checkpoint? = nil, stopAfterStep: Int? = nil,
    checkpointing: Checkpointing? = nil, progress: (@Sendable (TrainingEvent) -> Void)? = nil
  ) throws -> TrainingResult {
    try pipeline.checkData(data)
    let root = pipeline.rootGenerator
    var parameters = resume?.parameters ?? initialParameters ?? pipeline.initialParameters()
    var optimizer = pipeline.optimizer
    var sampler = pipeline.sampler
    var objective = pipeline.objective
    let baseLearningRate = Double(optimizer.learningRate)
    if var s = sampler {
      try s.prepare(data: data.train)
      sampler = s
    }
    try objective.prepare(
      PreparationContext(
        model: TrainedEnergy(energy: pipeline.energy, parameters: parameters), data: data,
        rng: root.forked(stream: Pipeline.Stream.preparation)))
    if let resume {
      try optimizer.restore(resume.optimizerState)
      if !resume.samplerState.isEmpty { try sampler?.restorePersistentState(resume.samplerState) }
      if !resume.objectiveState.isEmpty { try objective.restorePersistentState(resume.objectiveState) }
    }

    let n = data.train.count
    guard n > 0 else { throw EBMError.invalid("task '\(pipeline.spec.task.name)' has no training data") }
    let batchSize = min(pipeline.batchSize, n)
    let stepsPerEpoch = (n + batchSize - 1) / batchSize
    let totalSteps = stepsPerEpoch * pipeline.epochs  // ≤ 10⁶ epochs × the data size: no overflow
    if let resume, resume.step > totalSteps {
      throw EBMError.invalidOption(
        component: "resume", option: "epochs",
        reason: "is \(pipeline.epochs), but the checkpoint has taken \(resume.step) steps, more than the \(totalSteps) of \(pipeline.epochs) epochs of \(stepsPerEpoch) steps; help: resume with --epochs \((resume.step + stepsPerEpoch - 1) / stepsPerEpoch) or more")
    }
    let names = parameters.keys.sorted()
    var step = resume?.step ?? 0
    var epochLosses = resume?.epochLosses ?? []
    var lastFinite: Double?
    var seconds = 0.0
    let needsOutliers = objective.requirements.contains(.outliers)

    var epoch = step / max(stepsPerEpoch, 1)
    var epochLossSum = resume?.partialEpochLossSum ?? 0
    var epochStart = Date()

    func checkpoint() throws {
      guard let checkpointing else { return }
      var state = Checkpoint(
        spec: pipeline.spec, step: step, parameters: parameters, optimizerState: optimizer.state,
        samplerState: sampler?.persistentState ?? [:], objectiveState: objective.persistentState,
        epochLosses: epochLosses)
      state.partialEpochLossSum = epochLossSum
      try state.write(to: checkpointing.url)
      progress?(.checkpoint(path: checkpointing.url.path, step: step))
    }

    while epoch < pipeline.epochs {
      var orderRNG = root.forked(stream: Pipeline.Stream.epochOrder + UInt64(epoch))
      let order = orderRNG.permutation(n)
      let firstBatch = step - epoch * stepsPerEpoch
      if firstBatch == 0 {
        epochLossSum = 0
        epochStart = Date()
      }
      for b in firstBatch..<stepsPerEpoch {
        if let stopAfterStep, step >= stopAfterStep {
          try checkpoint()
          return TrainingResult(
            model: TrainedEnergy(energy: pipeline.energy, parameters: parameters), epochLosses: epochLosses,
            steps: step, seconds: seconds)
        }
        let started = Date()
        var rng = root.forked(stream: Pipeline.Stream.step + UInt64(step))
        let indices = Array(order[(b * batchSize)..<min(n, (b + 1) * batchSize)])
        var batch = data.train.batch(indices)
        if needsOutliers, let outliers = data.outliers {
          let count = max(1, pipeline.outlierBatchSize)
          let picks = (0..<count).map { _ in rng.uniformInt(below: outliers.count) }
          batch.outliers = outliers.x?.indexSelect(picks) ?? outliers.y.indexSelect(picks)
        }
        let leaves = parameters.requiringGradients()
        var context = LossContext(
          energy: pipeline.energy, parameters: leaves, batch: batch, sampler: sampler, rng: rng, step: step)
        let loss = try withGradients { try objective.loss(&context) }
        sampler = context.sampler
        let value = Double(loss.scalar)
        guard value.isFinite else { throw EBMError.nonFiniteLoss(step: step, lastFiniteLoss: lastFinite) }
        lastFinite = value
        let grads = gradients(of: loss, at: names.map { leaves[$0]! })
        var gradientSet: ParameterSet = [:]
        for (name, g) in zip(names, grads) { gradientSet[name] = g }
        optimizer.learningRate = Float(
          pipeline.schedule.learningRate(base: baseLearningRate, step: step, totalSteps: totalSteps))
        optimizer.update(&parameters, along: gradientSet)
        if let name = Trainer.firstNonFinite(parameters, names: names) {
          throw EBMError.nonFiniteParameter(name: name, step: step)
        }
        seconds += Date().timeIntervalSince(started)
        epochLossSum += value
        step += 1
        progress?(.step(step: step - 1, epoch: epoch, totalSteps: totalSteps, loss: value))
        // A checkpoint at an epoch's last step is written after the epoch's mean is recorded.
        if b + 1 < stepsPerEpoch, let every = checkpointing?.everySteps, every > 0, step % every == 0 {
          try checkpoint()
        }
      }
      let mean = epochLossSum / Double(stepsPerEpoch)
      epochLosses.append(mean)
      epochLossSum = 0
      progress?(.epoch(epoch: epoch, epochs: pipeline.epochs, meanLoss: mean, seconds: Date().timeIntervalSince(epochStart)))
      epoch += 1
      if epoch < pipeline.epochs, let every = checkpointing?.everySteps, every > 0, step % every == 0 {
        try checkpoint()
      }
    }
    try checkpoint()
    return TrainingResult(
      model: TrainedEnergy(energy: pipeline.energy, parameters: parameters), epochLosses: epochLosses, steps: step,
      seconds: seconds)
  }

  /// The first parameter (in `names` order) holding NaN or ±∞.
  static func firstNonFinite(_ parameters: ParameterSet, names: [String]) -> String? {
    for name in names {
      let finite = parameters[name]!.scalars.withUnsafeBufferPointer { values in
        // x − x is 0 for finite x and NaN for NaN and ±∞; the sum is 0 exactly when all are finite.
        var accumulator: Float = 0
        for v in values { accumulator += v - v }
        return accumulator == 0
      }
      if !finite { return name }
    }
    return nil
  }
}
