/// Most-significant-bit-first reader of JPEG entropy-coded data (T.81 §F.2.2.5): removes the
/// stuffed zero after each 0xFF data byte and stops at a marker, after which it supplies zero
/// bits and counts them; consuming any is a "truncated data" error (checked by the caller with
/// ``isPastEnd``).
struct JPEGBitReader {
  let data: UnsafeRawBufferPointer
  /// Next byte to load.
  var position: Int
  /// Buffered bits, the next one at bit 63.
  var buffer: UInt64 = 0
  var count = 0
  /// A marker (or the end of the data) was reached; only zero bits follow.
  var atMarker = false
  /// Zero bits added after the marker.
  var paddingBits = 0

  init(_ data: UnsafeRawBufferPointer, start: Int) {
    self.data = data
    self.position = start
  }

  /// True when bits beyond the entropy-coded data were consumed.
  var isPastEnd: Bool { paddingBits > count }

  /// Fills the buffer to at least 57 bits.
  @inline(__always)
  mutating func refill() {
    // Fast path: eight bytes without a 0xFF among them are loaded at once.
    if !atMarker && position + 8 <= data.count {
      let word = UInt64(bigEndian: data.loadUnaligned(fromByteOffset: position, as: UInt64.self))
      let inverted = ~word
      if (inverted &- 0x0101_0101_0101_0101) & ~inverted & 0x8080_8080_8080_8080 == 0 {
        let added = (63 - count) >> 3
        let kept = UInt64(count + 8 * added)
        buffer |= (word >> UInt64(count)) & ~(UInt64.max >> kept)
        position += added
        count += 8 * added
        return
      }
    }
    slowRefill()
  }

  mutating func slowRefill() {
    while count <= 56 {
      var byte: UInt64 = 0
      if !atMarker && position < data.count {
        let value = data[position]
        if value != 0xFF {
          byte = UInt64(value)
          position += 1
        } else if position + 1 < data.count && data[position + 1] == 0 {
          byte = 0xFF
          position += 2
        } else {
          atMarker = true
        }
      } else {
        atMarker = true
      }
      if atMarker { paddingBits += 8 }
      buffer |= byte << UInt64(56 - count)
      count += 8
    }
  }

  /// The next `n` (1...16) bits without consuming them; at least `n` must be buffered.
  @inline(__always)
  func peek(_ n: Int) -> Int { Int(truncatingIfNeeded: buffer >> UInt64(64 - n)) }

  @inline(__always)
  mutating func skip(_ n: Int) {
    buffer <<= UInt64(n)
    count -= n
  }

  /// The next `n` (0...16) bits as an unsigned number.
  @inline(__always)
  mutating func bits(_ n: Int) -> Int {
    if n == 0 { return 0 }
    if count < n { refill() }
    let value = peek(n)
    skip(n)
    return value
  }

  /// The next `n` bits as a signed coefficient (T.81's EXTEND: a leading 0 bit means negative).
  @inline(__always)
  mutating func signed(_ n: Int) -> Int {
    if n == 0 { return 0 }
    if count < n { refill() }
    let value = peek(n)
    skip(n)
    return value < 1 << (n - 1) ? value - (1 << n) + 1 : value
  }

  /// Decodes one Huffman symbol.
  @inline(__always)
  mutating func decode(_ table: JPEGHuffmanTable.Lookup) throws(JPEGFailure) -> Int {
    if count < 16 { refill() }
    let entry = table.lookahead[peek(JPEGHuffmanTable.lookaheadBits)]
    if entry != 0 {
      skip(Int(entry >> 8))
      return Int(entry & 0xFF)
    }
    var length = JPEGHuffmanTable.lookaheadBits + 1
    while length <= 16 {
      let code = peek(length)
      if Int32(code) <= table.maxCode[length] {
        skip(length)
        let index = Int(table.valueOffset[length]) + code
        guard index >= 0 && index < table.symbolCount else { break }
        return Int(table.symbols[index])
      }
      length += 1
    }
    throw JPEGFailure("invalid Huffman code at byte \(position)")
  }

  /// Drops the buffered bits and moves past the next marker if it is a restart marker (RSTn);
  /// other markers are left for the caller.
  mutating func restart() {
    buffer = 0
    count = 0
    paddingBits = 0
    atMarker = false
    if let marker = JPEGDecoder.nextMarker(data, from: &position), (0xD0...0xD7).contains(marker) {
      position += 2
    }
  }
}
