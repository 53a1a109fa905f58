/// Least-significant-bit-first bit reader over a byte buffer, for deflate.
///
/// ``refill()`` keeps at least 56 bits buffered: enough for one literal/length code, its extra
/// bits, a distance code and its extra bits. Past the end of the input it shifts in zero bytes
/// and counts them; consuming one of them is a "truncated" error.
struct BitReader {
  let input: UnsafeRawBufferPointer
  /// Next input byte to load into the buffer.
  var position: Int
  var buffer: UInt64 = 0
  var count = 0
  /// Zero bytes loaded after the end of the input.
  var phantom = 0

  init(_ input: UnsafeRawBufferPointer, start: Int) {
    self.input = input
    self.position = start
  }

  @inline(__always)
  mutating func refill() throws(InflateFailure) {
    if count > 56 { return }
    if position + 8 <= input.count {
      let word = input.loadUnaligned(fromByteOffset: position, as: UInt64.self).littleEndian
      buffer |= word << UInt64(count)
      position += (63 - count) >> 3
      count |= 56
      return
    }
    try slowRefill()
  }

  mutating func slowRefill() throws(InflateFailure) {
    while count <= 56 {
      if position < input.count {
        buffer |= UInt64(input[position]) << UInt64(count)
        position += 1
      } else {
        phantom += 1
        // More zero bytes than the buffer holds means at least one was consumed.
        guard phantom <= 8 else { throw InflateFailure("compressed data is truncated") }
      }
      count += 8
    }
  }

  /// The next `bits` bits (at most 32, and no more than are buffered).
  @inline(__always)
  mutating func take(_ bits: Int) -> UInt32 {
    let value = UInt32(truncatingIfNeeded: buffer & ((1 << UInt64(bits)) - 1))
    buffer >>= UInt64(bits)
    count -= bits
    return value
  }

  /// Decodes one symbol; at least 15 bits must be buffered.
  @inline(__always)
  mutating func decode(_ table: HuffmanDecodingTable) throws(InflateFailure) -> UInt16 {
    let entry = table.fast[Int(buffer & UInt64((1 << HuffmanDecodingTable.fastBits) - 1))]
    if entry != 0 {
      let length = Int(entry & 15)
      buffer >>= UInt64(length)
      count -= length
      return entry >> 4
    }
    return try slowDecode(table)
  }

  /// Canonical decoding one bit at a time (puff's `decode`), for codes longer than the table.
  mutating func slowDecode(_ table: HuffmanDecodingTable) throws(InflateFailure) -> UInt16 {
    var code = 0
    var first = 0
    var index = 0
    for length in 1...15 {
      code |= Int(truncatingIfNeeded: buffer >> UInt64(length - 1)) & 1
      let countAtLength = Int(table.counts[length])
      if code - countAtLength < first {
        buffer >>= UInt64(length)
        count -= length
        guard phantom == 0 || count >= 8 * phantom else {
          throw InflateFailure("compressed data is truncated")
        }
        return table.symbols[index + (code - first)]
      }
      index += countAtLength
      first += countAtLength
      first <<= 1
      code <<= 1
    }
    throw InflateFailure("invalid Huffman code")
  }

  /// Drops the bits up to the next byte boundary and returns the input offset of that byte.
  mutating func alignedPosition() -> Int {
    let skip = count & 7
    buffer >>= UInt64(skip)
    count -= skip
    // Phantom zero bytes were counted into the buffer without advancing `position`.
    return position + phantom - count / 8
  }

  /// Continues reading at byte `offset`, with the buffer emptied.
  mutating func restart(at offset: Int) {
    position = offset
    buffer = 0
    count = 0
    phantom = 0
  }
}
