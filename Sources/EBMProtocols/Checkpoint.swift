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
    try SafeTensors.write(tensors, to: weights, metadata: ["format": "swift-ebm-checkpoint-1", "step": "\(step)"])
    let sidecar = Sidecar(
      format: "swift-ebm-checkpoint-1", pipeline: spec, step: step, optimizerStep: optimizerState.step,
      epochLosses: epochLosses, partialEpochLossSum: partialEpochLossSum)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(sidecar).write(to: Checkpoint.sidecarURL(for: weights), options: .atomic)
  }

  /// Reads a checkpoint written by ``write(to:)``.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` when either file is missing or malformed.
  public static func read(from weights: URL) throws -> Checkpoint {
    guard FileManager.default.fileExists(atPath: weights.path) else {
      throw EBMError.invalidFile(
        path: weights.path, reason: "no such checkpoint; help: pass the model.safetensors file that 'ebm train' wrote")
    }
    let sidecarURL = sidecarURL(for: weights)
    guard let sidecarData = try? Data(contentsOf: sidecarURL) else {
      throw EBMError.invalidFile(path: sidecarURL.path, reason: "checkpoint sidecar is missing or unreadable; help: pass the .safetensors file written by 'ebm train'")
    }
    let sidecar: Sidecar
    do {
      sidecar = try JSONDecoder().decode(Sidecar.self, from: sidecarData)
    } catch {
      throw EBMError.invalidFile(path: sidecarURL.path, reason: "is not a swift-ebm checkpoint sidecar (\(error))")
    }
    let tensors: [String: Tensor]
    let metadata: [String: String]
    do {
      (tensors, metadata) = try SafeTensors.read(from: weights)
    } catch {
      throw EBMError.invalidFile(path: weights.path, reason: "\(error)")
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
