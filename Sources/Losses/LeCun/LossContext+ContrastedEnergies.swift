import EBMProtocols
import Tensors

extension LossContext {
  /// The energies a LeCun loss reads for this batch (recorded with respect to the parameters).
  ///
  /// Discrete energies: every label's energy `[B, K]` (``LabelEnergyFunction/labelEnergies(x:parameters:)``,
  /// or one energy call with all K labels as candidates), E(Yⁱ) picked by the batch's labels, and
  /// Ȳⁱ = argmin_{Y ≠ Yⁱ} E(Y) with ties broken towards the lowest label index.
  /// Conditional energies: E(Yⁱ) at the batch's targets and Ȳⁱ from `search`.
  ///
  /// - Throws: ``EBMError/incompatible(_:)`` when a discrete batch has no labels or inputs, or
  ///   when every answer's energy is asked of continuous Y.
  public func contrastedEnergies(
    _ contrast: LeCunContrast, search: MostOffendingSearch
  ) throws -> ContrastedEnergies {
    switch energy.kind {
    case let .discrete(_, labelCount):
      return try lecunDiscreteEnergies(contrast, labelCount: labelCount)
    case let .conditional(_, outputDimension):
      return try lecunContinuousEnergies(contrast, search: search, dimension: outputDimension)
    case .unconditional:
      throw EBMError.incompatible("LeCun's losses need an input X (discrete or conditional energies), not an unconditional energy")
    }
  }

  func lecunDiscreteEnergies(_ contrast: LeCunContrast, labelCount k: Int) throws -> ContrastedEnergies {
    guard let x = batch.x else { throw EBMError.incompatible("LeCun's losses need inputs X in the batches") }
    guard let labels = batch.labels else {
      throw EBMError.incompatible("LeCun's losses on a discrete energy need integer labels in the batches")
    }
    let all: Tensor
    if let labelled = energy as? any LabelEnergyFunction {
      all = labelled.labelEnergies(x: x, parameters: parameters)
    } else {
      let candidates = (0..<labels.count).flatMap { _ in (0..<k).map(Float.init) }
      all = energy.energy(x: x, y: Tensor(shape: [labels.count, k], scalars: candidates), parameters: parameters)
    }
    precondition(all.shape == [labels.count, k], "label energies must be [B, K] = [\(labels.count), \(k)], got \(all.shape)")
    guard labels.allSatisfy({ $0 >= 0 && $0 < k }) else {
      throw EBMError.invalid("a label lies outside 0..<\(k); help: check the task's labels")
    }
    let correct = all.gather(columns: labels)
    switch contrast {
    case .correctOnly:
      return ContrastedEnergies(correct: correct, labels: labels)
    case .allAnswers:
      return ContrastedEnergies(correct: correct, all: all, labels: labels)
    case .mostOffending:
      let offending = all.gather(columns: MostOffendingLabels.indices(all.scalars, labels: labels, labelCount: k))
      return ContrastedEnergies(correct: correct, offending: offending, all: all, labels: labels)
    }
  }

  func lecunContinuousEnergies(
    _ contrast: LeCunContrast, search: MostOffendingSearch, dimension d: Int
  ) throws -> ContrastedEnergies {
    guard contrast != .allAnswers else {
      throw EBMError.incompatible("the negative log-likelihood needs every answer's energy, which continuous Y does not have; help: use a discrete task or a margin loss")
    }
    let b = batch.count
    guard batch.y.count == b * d else {
      throw EBMError.incompatible("targets have shape \(batch.y.shape), but the energy expects \(d) outputs per example")
    }
    let target = batch.y.reshaped([b, d])
    let correct = energy(x: batch.x, y: target.reshaped([b, 1, d])).reshaped([b])
    guard contrast == .mostOffending else { return ContrastedEnergies(correct: correct) }
    var searchRNG = rng.forked(stream: 0x4C65_4375_6E)  // "LeCun": the search's own stream
    let ybar = search.offending(model: detachedModel, x: batch.x?.detached, target: target.detached, using: &searchRNG)
    let offending = energy(x: batch.x, y: ybar.reshaped([b, 1, d])).reshaped([b])
    return ContrastedEnergies(correct: correct, offending: offending)
  }
}
