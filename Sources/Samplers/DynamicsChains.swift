import Tensors
import EBMProtocols

/// The chains of one dynamics-sampler request: their shape, flat coordinates, the model and
/// (for persistent chains) the replay-buffer slots they came from. Shared by Langevin, MALA
/// and HMC so they start chains the same way.
///
/// - Unconditional energies: from `request.start` `[count, d]` when given (e.g. CD-k starts at
///   the data), else from the replay buffer when the sampler has one, else from noise.
/// - Conditional energies: `count` chains per example, all starting at `start` `[B, dy]`;
///   the samples are `[B, count, dy]`.
struct DynamicsChains {
  var model: TrainedEnergy
  var x: Tensor?
  var shape: [Int]
  var points: [Float]
  var slots: [Int]?
  /// Coordinates per chain.
  var pointDimension: Int
  var chainCount: Int { points.count / pointDimension }

  init(
    _ request: ChainRequest, sampler: String, initialization: ChainInitialization, buffer: inout ReplayBuffer?,
    using rng: inout RandomGenerator
  ) throws {
    let model = request.model
    self.model = TrainedEnergy(energy: model.energy, parameters: model.parameters.detached())
    self.x = request.x
    switch model.energy.kind {
    case let .unconditional(d):
      pointDimension = d
      if let center = request.start {
        guard center.rank == 2, center.shape[1] == d else {
          throw EBMError.invalid("sampler '\(sampler)': start points must be [N, \(d)], got \(center.shape)")
        }
        shape = center.shape
        points = center.scalars
      } else if buffer != nil {
        let drawn = buffer!.draw(count: request.count, dimension: d, initialization: initialization, using: &rng)
        shape = [request.count, d]
        points = drawn.start
        slots = drawn.slots
      } else {
        shape = [request.count, d]
        points = initialization.draw(count: request.count, dimension: d, using: &rng)
      }
    case let .conditional(_, dy):
      pointDimension = dy
      guard let center = request.start, center.rank == 2, center.shape[1] == dy else {
        throw EBMError.invalid(
          "sampler '\(sampler)': a conditional energy's chains need start points [B, \(dy)] (ChainRequest.start), got \(request.start.map { "\($0.shape)" } ?? "none")")
      }
      let b = center.shape[0]
      shape = [b, request.count, dy]
      points = [Float](repeating: 0, count: b * request.count * dy)
      for i in 0..<b {
        for m in 0..<request.count {
          for k in 0..<dy { points[(i * request.count + m) * dy + k] = center.scalars[i * dy + k] }
        }
      }
    case .discrete:
      throw EBMError.incompatible("sampler '\(sampler)' needs a continuous energy; discrete energies have no gradient in y")
    }
  }

  var tensor: Tensor { Tensor(shape: shape, scalars: points) }

  /// ∂E/∂y at `points` (no graph), flat.
  func gradient(at points: [Float]) -> [Float] {
    model.energy.energyGradient(
      x: x, y: Tensor(shape: shape, scalars: points), parameters: model.parameters, createGraph: false
    ).scalars
  }

  /// E per chain at `points`, flat.
  func energies(at points: [Float]) -> [Float] {
    model(x: x, y: Tensor(shape: shape, scalars: points)).scalars
  }

  /// Ends the run: writes persistent chains back and returns the samples.
  func finish(_ points: [Float], buffer: inout ReplayBuffer?) -> Tensor {
    if let slots { buffer?.store(points, slots: slots) }
    return Tensor(shape: shape, scalars: points)
  }
}
