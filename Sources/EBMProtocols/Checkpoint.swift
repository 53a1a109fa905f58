import Foundation
import Tensors

/// A training checkpoint: the weights (a safetensors file) and a JSON sidecar with the
/// pipeline, the step and epoch; optimizer moments and sampler/objective state live in the
/// safetensors file under `optimizer/`, `sampler/` and `objective/` prefixes. Both files are
/// written atomically (temporary file, then rename), so a crash never leaves half a
/// checkpoint. Resuming continues bit-identically to an uninterrupted run.
public struct Checkpoint: Sendable {
  public var spec: PipelineSpec
  /// Optimizer steps taken so far.
  public var step: Int
  public var parameters: ParameterSet
  public var optimizerState: OptimizerState
  public var samplerState: ParameterSet
  public var objectiveState: ParameterSet
  /// Mean loss of each finished epoch.
  public var epochLosses: [Double]
  /// Sum of the losses of the current, unfinished epoch's steps (so that a run resumed in the
  /// middle of an epoch reports the same epoch mean as an uninterrupted one).
  public var partialEpochLossSum: Double = 0

  public init(
    spec: PipelineSpec, step: Int, parameters: ParameterSet, optimizerState: OptimizerState,
    samplerState: ParameterSet, objectiveState: ParameterSet, epochLosses: [Double]
  ) {
    self.spec = spec
    self.step = step
    self.parameters = parameters
    self.optimizerState = optimizerState
    self.samplerState = samplerState
    self.objectiveState = objectiveState
    self.epochLosses = epochLosses
  }

  struct Sidecar: Codable {
    var format: String
    var pipeline: PipelineSpec
    var step: Int
    var optimizerStep: Int
    var epochLosses: [Double]
    var partialEpochLossSum: Double?

    /// Checks the format and every number (``PipelineLimits``) before anything uses them.
    func validate(path: String) throws {
      func fail(_ reason: String) -> EBMError { .invalidFile(path: path, reason: reason) }
      guard format == Checkpoint.format else {
        throw fail("has format '\(format.prefix(60))', not '\(Checkpoint.format)'; help: pass a checkpoint written by 'ebm train'")
      }
      for (field, value) in [("step", step), ("optimizerStep", optimizerStep)] where !PipelineLimits.steps.contains(value) {
        throw fail("`\(field)` must be in 0...\(PipelineLimits.steps.upperBound), got \(value)")
      }
      if let index = epochLosses.firstIndex(where: { !$0.isFinite }) {
        throw fail("`epochLosses[\(index)]` is \(epochLosses[index]); a checkpoint records finite losses only")
      }
      if let sum = partialEpochLossSum, !sum.isFinite {
        throw fail("`partialEpochLossSum` is \(sum); a checkpoint records finite losses only")
      }
      do {
        try pipeline.validateNumbers()
      } catch let error as EBMError {
        throw fail("`pipeline`: \(error)")
      }
      if let epochs = pipeline.epochs, epochLosses.count > epochs {
        throw fail("records \(epochLosses.count) epoch losses but `pipeline.epochs` is \(epochs)")
      }
    }
  }

  /// The sidecar's URL for a weights URL (`model.safetensors` → `model.json`).
  public static func sidecarURL(for weights: URL) -> URL {
    weights.deletingPathExtension().appendingPathExtension("json")
  }

  /// Writes `weights` (safetensors) and its JSON sidecar atomically.
  public func write(to weights: URL) throws {
    var tensors: [String: Tensor] = [:]
    for (k, v) in parameters { tensors["param/" + k] = v }
    for (k, v) in optimizerState.slots { tensors["optimizer/" + k] = v }
    for (k, v) in samplerState { tensors["sampler/" + k] = v }
    for (k, v) in objectiveState { tensors["objective/" + k] = v }
    try SafeTensors.write(tensors, to: weights, metadata: ["format": Checkpoint.format, "step": "\(step)"])
    let sidecar = Sidecar(
      format: Checkpoint.format, pipeline: spec, step: step, optimizerStep: optimizerState.step,
      epochLosses: epochLosses, partialEpochLossSum: partialEpochLossSum)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(sidecar), to: Checkpoint.sidecarURL(for: weights))
  }

  /// The `format` of the sidecar and of the weights' metadata.
  public static let format = "swift-ebm-checkpoint-1"

  /// Reads a checkpoint written by ``write(to:)``, refusing anything it would not write: a
  /// sidecar that is not strict JSON, of another format or with numbers out of
  /// ``PipelineLimits``; weights and sidecar of different steps; and non-finite values.
  ///
  /// - Parameter allowNonFiniteWeights: accept NaN or infinite parameters (e.g. to inspect a
  ///   diverged run). Optimizer, sampler and objective state must be finite regardless, since
  ///   resuming from them would continue the divergence silently.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the file (once) and what is wrong.
  public static func read(from weights: URL, allowNonFiniteWeights: Bool = false) throws -> Checkpoint {
    if let kind = try? InputFile.kind(of: weights) {
      throw EBMError.invalidFile(path: weights.path, reason: "is \(kind), not a checkpoint; help: pass the model.safetensors file that 'ebm train' wrote")
    }
    guard FileManager.default.fileExists(atPath: weights.path) else {
      throw EBMError.invalidFile(
        path: weights.path, reason: "no such checkpoint; help: pass the model.safetensors file that 'ebm train' wrote")
    }
    let sidecarURL = sidecarURL(for: weights)
    let sidecarData: Data
    do {
      sidecarData = try InputFile.read(sidecarURL, limit: InputFile.textLimit)
    } catch {
      throw EBMError.invalidFile(
        path: sidecarURL.path,
        reason: "checkpoint sidecar \(error.reason); help: pass the .safetensors file written by 'ebm train', with its .json beside it")
    }
    let object = try StrictJSONDecoder.parse(sidecarData, path: sidecarURL.path)
    for field in ["step", "optimizerStep"] {
      try StrictJSONDecoder.checkInteger(object, at: [field], path: sidecarURL.path)
    }
    try PipelineSpec.checkIntegerFields(object, prefix: ["pipeline"], path: sidecarURL.path)
    let sidecar = try StrictJSONDecoder.decode(Sidecar.self, from: sidecarData, path: sidecarURL.path)
    try sidecar.validate(path: sidecarURL.path)
    let tensors: [String: Tensor]
    let metadata: [String: String]
    do {
      (tensors, metadata) = try SafeTensors.read(from: weights)
    } catch let SafeTensorsError.inFile(_, error) {
      throw EBMError.invalidFile(path: weights.path, reason: error.description)
    } catch let SafeTensorsError.fileSystem(_, reason) {
      throw EBMError.invalidFile(path: weights.path, reason: reason)
    }
    if let format = metadata["format"], format != Checkpoint.format {
      throw EBMError.invalidFile(
        path: weights.path, reason: "has format '\(format)', not '\(Checkpoint.format)'; help: pass a checkpoint written by 'ebm train'")
    }
    for name in tensors.keys.sorted() {
      guard let bad = tensors[name]!.scalars.first(where: { !$0.isFinite }) else { continue }
      let isWeight = name.hasPrefix("param/")
      if isWeight && allowNonFiniteWeights { continue }
      throw EBMError.invalidFile(
        path: weights.path,
        reason: "tensor '\(name)' holds \(bad) (the run diverged before this checkpoint); help: "
          + (isWeight ? "resume from an earlier checkpoint, or pass --allow-non-finite to inspect it" : "resume from an earlier checkpoint"))
    }
    // Each file is replaced atomically, but not both at once: a write interrupted between
    // the two leaves weights and sidecar of different steps, which must not be mixed.
    if let step = metadata["step"], step != "\(sidecar.step)" {
      throw EBMError.invalidFile(
        path: weights.path,
        reason: "holds step \(step) but its sidecar \(sidecarURL.lastPathComponent) step \(sidecar.step) (an interrupted write); help: resume from an earlier checkpoint")
    }
    func section(_ prefix: String) -> ParameterSet {
      var out: ParameterSet = [:]
      for (k, v) in tensors where k.hasPrefix(prefix) { out[String(k.dropFirst(prefix.count))] = v }
      return out
    }
    var checkpoint = Checkpoint(
      spec: sidecar.pipeline, step: sidecar.step, parameters: section("param/"),
      optimizerState: OptimizerState(step: sidecar.optimizerStep, slots: section("optimizer/")),
      samplerState: section("sampler/"), objectiveState: section("objective/"), epochLosses: sidecar.epochLosses)
    checkpoint.partialEpochLossSum = sidecar.partialEpochLossSum ?? 0
    return checkpoint
  }
}
