/// A JPEG Huffman table (ITU-T T.81 §C, Annex F.2.2.3) prepared for decoding a most-significant-
/// bit-first stream: a lookahead table over the next ``lookaheadBits`` bits gives symbol and code
/// length for every code that short (as libjpeg-turbo and zune-jpeg do); longer codes go through
/// the canonical `maxcode` / `valoffset` arrays of T.81's DECODE procedure. For AC tables a second
/// lookahead table (``fastAC``, stb_image's and libjpeg-turbo's "fast AC") also holds the run and
/// the coefficient value of every code whose extra bits fit in the same lookahead.
final class JPEGHuffmanTable: @unchecked Sendable {
  /// Bits looked up at once.
  static let lookaheadBits = 9
  /// `length << 8 | symbol` for codes of at most ``lookaheadBits`` bits; 0: take the slow path.
  /// (Immutable after `init`; raw storage so the hot loop reads it without reference counting.)
  let lookahead = UnsafeMutablePointer<UInt16>.allocate(capacity: 1 << lookaheadBits)
  /// Largest code of each length 1...16 (index 17 is a sentinel), or -1 when there is none.
  let maxCode = UnsafeMutablePointer<Int32>.allocate(capacity: 18)
  /// Symbol index of code `c` of length `l` is `c + valueOffset[l]`.
  let valueOffset = UnsafeMutablePointer<Int32>.allocate(capacity: 18)
  /// Symbols in code order, padded to 256.
  let symbols = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
  /// The number of symbols.
  let symbolCount: Int
  /// `value << 8 | run << 4 | (code length + extra bits)` for AC codes whose code and extra bits
  /// fit in ``lookaheadBits`` and whose value is in -128...127; 0: decode the symbol instead.
  let fastAC = UnsafeMutablePointer<Int16>.allocate(capacity: 1 << lookaheadBits)

  /// The decoding arrays as raw pointers: a trivial value the hot loops copy without reference
  /// counting, valid while the table lives.
  struct Lookup {
    let lookahead: UnsafeMutablePointer<UInt16>
    let fastAC: UnsafeMutablePointer<Int16>
    let maxCode: UnsafeMutablePointer<Int32>
    let valueOffset: UnsafeMutablePointer<Int32>
    let symbols: UnsafeMutablePointer<UInt8>
    let symbolCount: Int
  }

  var lookup: Lookup {
    Lookup(
      lookahead: lookahead, fastAC: fastAC, maxCode: maxCode, valueOffset: valueOffset, symbols: symbols,
      symbolCount: symbolCount)
  }

  deinit {
    lookahead.deallocate()
    maxCode.deallocate()
    valueOffset.deallocate()
    symbols.deallocate()
    fastAC.deallocate()
  }

  /// Builds the table from the 16 code-length counts and the symbols of a DHT segment.
  ///
  /// - Throws: A reason string when the counts over-subscribe the code space (libjpeg's
  ///   `JERR_BAD_HUFF_TABLE`, which also rejects the all-ones code).
  init(counts: [Int], symbols: [UInt8]) throws(JPEGFailure) {
    precondition(counts.count == 16 && symbols.count == counts.reduce(0, +) && symbols.count <= 256)
    symbolCount = symbols.count
    self.symbols.initialize(repeating: 0, count: 256)
    for (i, symbol) in symbols.enumerated() { self.symbols[i] = symbol }
    var maxCode = [Int32](repeating: -1, count: 18)
    var valueOffset = [Int32](repeating: 0, count: 18)
    var lookahead = [UInt16](repeating: 0, count: 1 << Self.lookaheadBits)
    var code = 0
    var index = 0
    for length in 1...16 {
      let count = counts[length - 1]
      if count > 0 {
        valueOffset[length] = Int32(index - code)
        for _ in 0..<count {
          guard code < 1 << length else {
            throw JPEGFailure("Huffman table has too many codes of length \(length)")
          }
          if length <= Self.lookaheadBits {
            let shift = Self.lookaheadBits - length
            let entry = UInt16(length) << 8 | UInt16(symbols[index])
            for fill in 0..<(1 << shift) { lookahead[(code << shift) | fill] = entry }
          }
          code += 1
          index += 1
        }
        maxCode[length] = Int32(code - 1)
      }
      guard code < 1 << length else { throw JPEGFailure("Huffman table has too many codes of length \(length)") }
      code <<= 1
    }
    maxCode[17] = Int32.max
    self.lookahead.initialize(from: lookahead, count: lookahead.count)
    self.maxCode.initialize(from: maxCode, count: 18)
    self.valueOffset.initialize(from: valueOffset, count: 18)
    let mask = (1 << Self.lookaheadBits) - 1
    for index in 0..<(1 << Self.lookaheadBits) {
      var fast: Int16 = 0
      let entry = Int(lookahead[index])
      let length = entry >> 8
      let run = (entry & 0xFF) >> 4
      let size = entry & 15
      if entry != 0 && size != 0 && length + size <= Self.lookaheadBits {
        let extra = ((index << length) & mask) >> (Self.lookaheadBits - size)
        let value = extra < 1 << (size - 1) ? extra - (1 << size) + 1 : extra
        if (-128...127).contains(value) { fast = Int16(value * 256 + run * 16 + length + size) }
      }
      fastAC[index] = fast
    }
  }
}
