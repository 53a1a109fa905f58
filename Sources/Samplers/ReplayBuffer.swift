import Tensors
import EBMProtocols

/// Persistent chains for unconditional dynamics samplers, as in Du & Mordatch (2019),
/// "Implicit Generation and Generalization in Energy-Based Models": each request takes
/// `count` random buffer entries, re-initialises a fraction `reinitialization` of them from
/// noise, runs the dynamics from there, and writes the results back.
public struct ReplayBuffer: Sendable {
  /// Number of stored chains.
  public let capacity: Int
  /// Share of chains restarted from noise per request (Du & Mordatch: 0.05).
  public let reinitialization: Double
  /// Stored points, `capacity × dimension` (empty until first use).
  public private(set) var points: [Float] = []
  /// Dimension of a point (0 until first use).
  public private(set) var dimension = 0

  public init(capacity: Int, reinitialization: Double) {
    precondition(capacity >= 1 && (0...1).contains(reinitialization), "ReplayBuffer: bad capacity or fraction")
    self.capacity = capacity
    self.reinitialization = reinitialization
  }

  /// Starting points for `count` chains and the buffer slots they came from.
  /// - Complexity: O(count · d) (O(capacity · d) on first use).
  public mutating func draw(
    count: Int, dimension d: Int, initialization: ChainInitialization, using rng: inout RandomGenerator
  ) -> (start: [Float], slots: [Int]) {
    if points.isEmpty || dimension != d {
      dimension = d
      points = initialization.draw(count: capacity, dimension: d, using: &rng)
    }
    let slots = (0..<count).map { _ in rng.uniformInt(below: capacity) }
    let fresh = initialization.draw(count: count, dimension: d, using: &rng)
    var start = [Float](repeating: 0, count: count * d)
    for (i, slot) in slots.enumerated() {
      let restart = rng.nextDouble() < reinitialization
      for k in 0..<d { start[i * d + k] = restart ? fresh[i * d + k] : points[slot * d + k] }
    }
    return (start, slots)
  }

  /// Writes the chains' end points back into their slots.
  public mutating func store(_ end: [Float], slots: [Int]) {
    for (i, slot) in slots.enumerated() {
      for k in 0..<dimension { points[slot * dimension + k] = end[i * dimension + k] }
    }
  }

  /// The buffer as a tensor `[capacity, d]` for checkpoints (empty before first use).
  public var state: ParameterSet {
    points.isEmpty ? [:] : ["replay.buffer": Tensor(shape: [capacity, dimension], scalars: points)]
  }

  /// Restores ``state``.
  /// - Throws: ``EBMError/invalid(_:)`` when the stored buffer does not fit this capacity.
  public mutating func restore(_ state: ParameterSet) throws {
    guard let t = state["replay.buffer"] else { return }
    guard t.rank == 2, t.shape[0] == capacity else {
      throw EBMError.invalid("checkpoint replay buffer has shape \(t.shape), but the sampler holds \(capacity) chains; help: resume with the same buffer-size")
    }
    points = t.scalars
    dimension = t.shape[1]
  }
}
