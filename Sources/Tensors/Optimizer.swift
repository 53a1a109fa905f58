// TEMPORARY stand-in, replaced by the real optimizers on merge.
public protocol Optimizer: Sendable {
  var learningRate: Float { get set }
  mutating func update(_ parameters: inout [String: Tensor], along gradients: [String: Tensor])
  var state: OptimizerState { get }
  mutating func restore(_ state: OptimizerState) throws
}
public struct OptimizerState: Sendable {
  public var step: Int
  public var slots: [String: Tensor]
  public init(step: Int, slots: [String: Tensor]) { self.step = step; self.slots = slots }
}
public struct SGD: Optimizer {
  public var learningRate: Float
  public init(learningRate: Float) { self.learningRate = learningRate }
  public mutating func update(_ parameters: inout [String: Tensor], along gradients: [String: Tensor]) {
    for (k, g) in gradients { if let p = parameters[k] { parameters[k] = Tensor(shape: p.shape, scalars: zip(p.scalars, g.scalars).map { $0 - learningRate * $1 }) } }
  }
  public var state: OptimizerState { OptimizerState(step: 0, slots: [:]) }
  public mutating func restore(_ state: OptimizerState) throws {}
}
