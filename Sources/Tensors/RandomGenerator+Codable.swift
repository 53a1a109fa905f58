extension RandomGenerator: Codable {
  /// Decodes a generator from the array of words written by ``encode(to:)`` (its ``state``).
  ///
  /// - Throws: `DecodingError.dataCorrupted` when the words do not describe a valid state.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let words = try container.decode([UInt64].self)
    guard let restored = RandomGenerator(state: words) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription:
          "RandomGenerator state \(words) is invalid: expected six words "
          + "[key, stream, blockIndex, used ≤ 2, hasSpare ≤ 1, spareBits]. "
          + "help: write it with RandomGenerator.state or its Codable conformance")
    }
    self = restored
  }

  /// Encodes the generator as the array of its ``state`` words.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(state)
  }
}
