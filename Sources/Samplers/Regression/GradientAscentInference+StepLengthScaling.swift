import EBMProtocols

extension GradientAscentInference: StepLengthScalableInference {
  /// λ ← factor · λ for every coordinate; T, η and the averaging are unchanged.
  public func scalingStepLengths(by factor: Double) -> GradientAscentInference {
    precondition(factor > 0, "gradient-ascent: a step-length factor must be positive, got \(factor)")
    return GradientAscentInference(
      steps: steps, stepLengths: stepLengths.map { $0 * Float(factor) }, decay: decay, averagedStarts: averagedStarts)
  }
}
