/// Checks reverse-mode gradients against central finite differences — for the library's own
/// ops and for users' energies.
///
/// For every element xⱼ of every input, the numerical derivative
/// ```
/// (f(x + ε eⱼ) − f(x − ε eⱼ)) / 2ε
/// ```
/// is compared with the autodiff gradient; an element passes when
/// `|analytic − numeric| ≤ absoluteTolerance + relativeTolerance · |numeric|`.
/// Float32 rounding makes ε ≈ 1e-2…1e-3 the useful range (truncation error O(ε²) against
/// rounding error O(ulp/ε)); the defaults suit functions whose values are O(1).
///
/// ```swift
/// let result = GradientChecker.check(at: [x]) { inputs in inputs[0].tanh().sum() }
/// #expect(result.passed)
/// ```
public enum GradientChecker {
  /// The outcome of a check: the worst element and whether every element passed.
  public struct Result: Sendable, CustomStringConvertible {
    /// Largest |analytic − numeric| over all checked elements.
    public var maxAbsoluteError: Float
    /// The input and flat element index with the largest tolerance violation.
    public var worst: (input: Int, element: Int, analytic: Float, numeric: Float)
    /// Whether every element was within tolerance.
    public var passed: Bool

    public var description: String {
      "gradient check \(passed ? "passed" : "FAILED"): max |error| \(maxAbsoluteError); worst input \(worst.input)[\(worst.element)] analytic \(worst.analytic) vs numeric \(worst.numeric)"
    }
  }

  /// Compares the gradient of the scalar `f` at `inputs` with central finite differences.
  ///
  /// - Parameters:
  ///   - inputs: the point; each element of each input is perturbed in turn.
  ///   - epsilon: the finite-difference step. Default 1e-2.
  ///   - absoluteTolerance: default 2e-3.
  ///   - relativeTolerance: default 1e-2.
  ///   - f: a scalar function of the inputs.
  public static func check(
    at inputs: [Tensor], epsilon: Float = 1e-2, absoluteTolerance: Float = 2e-3,
    relativeTolerance: Float = 1e-2, _ f: ([Tensor]) -> Tensor
  ) -> Result {
    let (_, analytic) = valueWithGradient(at: inputs, in: f)
    var result = Result(maxAbsoluteError: 0, worst: (0, 0, 0, 0), passed: true)
    var worstRatio: Float = -1
    for (i, input) in inputs.enumerated() {
      for j in 0..<input.count {
        var plus = input.scalars
        plus[j] += epsilon
        var minus = input.scalars
        minus[j] -= epsilon
        let fPlus = evaluate(f, inputs, replacing: i, with: Tensor(shape: input.shape, scalars: plus))
        let fMinus = evaluate(f, inputs, replacing: i, with: Tensor(shape: input.shape, scalars: minus))
        let numeric = Float((Double(fPlus) - Double(fMinus)) / (2 * Double(epsilon)))
        let exact = analytic[i].scalars[j]
        let error = Swift.abs(exact - numeric)
        result.maxAbsoluteError = Swift.max(result.maxAbsoluteError, error)
        let allowed = absoluteTolerance + relativeTolerance * Swift.abs(numeric)
        let ratio = error / allowed
        if ratio > worstRatio || !(error <= allowed) {
          if ratio > worstRatio || result.passed {
            worstRatio = ratio.isNaN ? .infinity : ratio
            result.worst = (i, j, exact, numeric)
          }
        }
        if !(error <= allowed) { result.passed = false }
      }
    }
    return result
  }

  static func evaluate(_ f: ([Tensor]) -> Tensor, _ inputs: [Tensor], replacing i: Int, with value: Tensor) -> Float {
    var point = inputs
    point[i] = value
    return withoutGradients { f(point) }.scalar
  }
}
