import EBMProtocols
import Foundation
import Samplers
import Tensors

/// The PyTorch reference values of `Resources/toynet.json` (see the README beside it).
struct RegressionGoldenFixture {
  let json: [String: Any]

  init() throws {
    guard let url = Bundle.module.url(forResource: "toynet", withExtension: "json", subdirectory: "Resources")
      ?? Bundle.module.url(forResource: "toynet", withExtension: "json")
    else { throw EBMError.invalid("toynet.json is missing from the test bundle") }
    json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
  }

  static func flatten(_ value: Any) -> [Double] {
    if let number = value as? Double { return [number] }
    if let number = value as? NSNumber { return [number.doubleValue] }
    if let list = value as? [Any] { return list.flatMap(flatten) }
    preconditionFailure("unexpected JSON value \(value)")
  }

  static func shape(_ value: Any) -> [Int] {
    guard let list = value as? [Any] else { return [] }
    return [list.count] + (list.first.map(shape) ?? [])
  }

  static func tensor(_ value: Any) -> Tensor {
    Tensor(shape: shape(value), scalars: flatten(value).map(Float.init))
  }

  var parameters: ParameterSet {
    (json["weights"] as! [String: Any]).mapValues(Self.tensor)
  }

  func tensor(_ key: String) -> Tensor { Self.tensor(json[key]!) }
  func number(_ key: String) -> Float { Float(Self.flatten(json[key]!)[0]) }

  var grid: (y: Tensor, energies: Tensor) {
    let g = json["energies_grid"] as! [String: Any]
    return (Self.tensor(g["y"]!), Self.tensor(g["E"]!))
  }

  /// (value, gradient by parameter name) of a loss.
  func loss(_ name: String) -> (value: Double, gradients: [String: Tensor]) {
    let entry = (json["losses"] as! [String: Any])[name] as! [String: Any]
    let value = Self.flatten(entry["value"]!)[0]
    return (value, (entry["grad"] as! [String: Any]).mapValues(Self.tensor))
  }
}

/// A proposal that returns fixed offsets shared across the batch (the golden file's), with
/// the Gaussian-mixture density; a request for one sample returns `truthDraw` (NCE+'s draw).
struct FixedOffsetProposal: DensitySampler {
  var offsets: [Float]
  var truthDraw: Float
  var mixture: GaussianMixtureProposal

  mutating func draw(_ request: ProposalRequest, using rng: inout RandomGenerator) throws -> ProposalDraw {
    guard case let .around(center, count) = request else { throw EBMError.invalid("FixedOffsetProposal draws around targets") }
    let b = center.shape[0]
    let chosen = count == 1 ? [truthDraw] : offsets
    precondition(count == chosen.count, "FixedOffsetProposal has \(offsets.count) offsets, asked for \(count)")
    let m = chosen.count
    let tiled = Array([[Float]](repeating: chosen, count: b).joined())
    let samples = center.reshaped([b, 1, 1]) + Tensor(shape: [b, m, 1], scalars: tiled)
    return ProposalDraw(samples: samples, offsets: Tensor(shape: [m, 1], scalars: chosen))
  }

  func logDensity(offsets: Tensor, for request: ProposalRequest) -> Tensor {
    mixture.logDensity(offsets: offsets, for: request)
  }
}
