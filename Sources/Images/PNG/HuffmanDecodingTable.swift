/// A canonical Huffman code (RFC 1951 §3.2.2) prepared for fast decoding of a least-significant-
/// bit-first stream: a table indexed by the next ``fastBits`` bits gives symbol and code length
/// for every code that short; longer codes are decoded one bit at a time from the canonical
/// counts (as zlib's `puff` does).
struct HuffmanDecodingTable {
  /// Bits looked up at once.
  static let fastBits = 10
  /// Entries `symbol << 4 | length`; 0 means "longer code or no code": take the slow path.
  var fast: [UInt16]
  /// Number of codes of each length 0...15.
  var counts: [UInt16]
  /// Symbols in canonical order.
  var symbols: [UInt16]

  /// Builds the table from code lengths (0 = symbol unused).
  ///
  /// - Throws: `reason` text when the lengths over-subscribe the code space (an incomplete code
  ///   is allowed, as in zlib's `puff`; reading an unassigned code is an error later).
  init(lengths: [UInt8]) throws(InflateFailure) {
    var counts = [UInt16](repeating: 0, count: 16)
    for length in lengths { counts[Int(length)] += 1 }
    var left = 1
    for length in 1...15 {
      left = left * 2 - Int(counts[length])
      guard left >= 0 else { throw InflateFailure("over-subscribed Huffman code lengths") }
    }
    var offsets = [Int](repeating: 0, count: 16)
    for length in 1..<15 { offsets[length + 1] = offsets[length] + Int(counts[length]) }
    var symbols = [UInt16](repeating: 0, count: lengths.count)
    for (symbol, length) in lengths.enumerated() where length != 0 {
      symbols[offsets[Int(length)]] = UInt16(symbol)
      offsets[Int(length)] += 1
    }
    var fast = [UInt16](repeating: 0, count: 1 << Self.fastBits)
    // Canonical codes in increasing order, reversed into the stream's bit order.
    var code = 0
    var index = 0
    for length in 1...15 {
      for _ in 0..<Int(counts[length]) {
        if length <= Self.fastBits {
          var reversed = 0
          for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
          let entry = symbols[index] << 4 | UInt16(length)
          var slot = reversed
          while slot < fast.count {
            fast[slot] = entry
            slot += 1 << length
          }
        }
        code += 1
        index += 1
      }
      code <<= 1
    }
    counts[0] = 0
    self.fast = fast
    self.counts = counts
    self.symbols = symbols
  }
}

/// An inflate error's message, turned into an ``ImageError`` by the caller.
struct InflateFailure: Error {
  var reason: String
  init(_ reason: String) { self.reason = reason }
}
