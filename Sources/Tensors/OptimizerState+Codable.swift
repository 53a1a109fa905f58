extension OptimizerState: Codable {
  private enum CodingKeys: String, CodingKey {
    case step, slots
  }

  /// One slot tensor as it is encoded.
  private struct EncodedTensor: Codable {
    var shape: [Int]
    var scalars: [Float]
  }

  /// Decodes `{"step": n, "slots": {"<kind>/<p>": {"shape": [...], "scalars": [...]}}}`.
  ///
  /// - Throws: `DecodingError.dataCorrupted` for a negative step, a negative extent or an
  ///   element count that does not match the shape.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let step = try container.decode(Int.self, forKey: .step)
    guard step >= 0 else {
      throw DecodingError.dataCorruptedError(
        forKey: .step, in: container, debugDescription: "step \(step) is negative")
    }
    let encoded = try container.decode([String: EncodedTensor].self, forKey: .slots)
    var slots = [String: Tensor]()
    for (name, tensor) in encoded {
      var count = 1
      var valid = tensor.shape.allSatisfy { $0 >= 0 }
      for extent in tensor.shape where valid {
        let (product, overflow) = count.multipliedReportingOverflow(by: extent)
        valid = !overflow
        count = product
      }
      guard valid, count == tensor.scalars.count else {
        throw DecodingError.dataCorruptedError(
          forKey: .slots, in: container,
          debugDescription:
            "slot '\(name)' has shape \(tensor.shape) but \(tensor.scalars.count) elements")
      }
      slots[name] = Tensor(shape: tensor.shape, scalars: tensor.scalars)
    }
    self.init(step: step, slots: slots)
  }

  /// Encodes the step and each slot's shape and elements.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(step, forKey: .step)
    try container.encode(
      slots.mapValues { EncodedTensor(shape: $0.shape, scalars: $0.scalars) }, forKey: .slots)
  }
}
