/// Decompression of zlib streams (RFC 1950) holding deflate data (RFC 1951): stored, fixed-
/// Huffman and dynamic-Huffman blocks, with the Adler-32 check.
///
/// The output size is known in advance (a PNG's filtered scanlines), so the output buffer is
/// allocated once with exactly that capacity and a stream that would produce more is an error:
/// a "zip bomb" cannot make the decoder allocate more than the image it declares. Every read of
/// the input is bounds-checked; reading past its end is a "truncated" error.
///
/// References: P. Deutsch, RFC 1951 (1996); M. Adler, `puff.c` (zlib contrib), whose code-
/// building rules (over-subscribed codes rejected, incomplete codes allowed) are followed.
enum Inflate {
  /// Length symbols 257...285: base lengths and extra bits.
  static let lengthBase: [UInt16] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258,
  ]
  static let lengthExtra: [UInt8] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  /// Distance symbols 0...29: base distances and extra bits.
  static let distanceBase: [UInt16] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  static let distanceExtra: [UInt8] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
  ]
  /// Order of the code-length code lengths in a dynamic block header.
  static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

  static let fixedLiteralTable: HuffmanDecodingTable = {
    var lengths = [UInt8](repeating: 8, count: 288)
    for i in 144..<256 { lengths[i] = 9 }
    for i in 256..<280 { lengths[i] = 7 }
    // RFC 1951 §3.2.6's fixed code is complete by construction: a throw here is a programmer error.
    return try! HuffmanDecodingTable(lengths: lengths)
  }()
  static let fixedDistanceTable: HuffmanDecodingTable = {
    // The fixed distance code (30 five-bit codes) is valid by construction, as above.
    try! HuffmanDecodingTable(lengths: [UInt8](repeating: 5, count: 30))
  }()

  /// Inflates the zlib stream `input` into exactly `outputSize` bytes.
  ///
  /// - Returns: The decompressed bytes; fewer than `outputSize` only if the stream ends early
  ///   (the caller decides whether that is an error).
  /// - Throws: ``InflateFailure`` with what is wrong: a bad zlib header, a preset dictionary,
  ///   an invalid block type, bad code lengths, a code not in the table, a distance before the
  ///   start of the output, more output than `outputSize`, a truncated stream, an Adler-32
  ///   mismatch.
  static func zlibDecompress(
    _ input: UnsafeRawBufferPointer, outputSize: Int
  ) throws(InflateFailure) -> [UInt8] {
    guard input.count >= 2 else { throw InflateFailure("zlib stream shorter than its header") }
    let cmf = input[0]
    let flg = input[1]
    guard cmf & 0x0F == 8 else {
      throw InflateFailure("zlib compression method \(cmf & 0x0F), expected 8 (deflate)")
    }
    guard cmf >> 4 <= 7 else { throw InflateFailure("zlib window size field \(cmf >> 4) > 7") }
    guard (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else {
      throw InflateFailure("zlib header check bits are wrong")
    }
    guard flg & 0x20 == 0 else { throw InflateFailure("zlib preset dictionary is not allowed") }
    var output = [UInt8](repeating: 0, count: outputSize)
    var reader = BitReader(input, start: 2)
    let produced = try output.withUnsafeMutableBufferPointer { out throws(InflateFailure) in
      try inflate(&reader, into: out)
    }
    // The Adler-32 of the uncompressed data follows the final block, byte-aligned, big-endian.
    let trailer = reader.alignedPosition()
    guard trailer + 4 <= input.count else {
      throw InflateFailure("zlib stream truncated before its Adler-32 checksum")
    }
    let stored =
      UInt32(input[trailer]) << 24 | UInt32(input[trailer + 1]) << 16
      | UInt32(input[trailer + 2]) << 8 | UInt32(input[trailer + 3])
    if produced < outputSize { output.removeSubrange(produced...) }
    let computed = output.withUnsafeBytes { Checksum.adler32($0) }
    guard stored == computed else {
      throw InflateFailure("Adler-32 checksum mismatch (stored \(hex(stored)), computed \(hex(computed)))")
    }
    return output
  }

  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  /// Inflates deflate blocks until the final one; returns the number of bytes written.
  static func inflate(
    _ reader: inout BitReader, into out: UnsafeMutableBufferPointer<UInt8>
  ) throws(InflateFailure) -> Int {
    var written = 0
    var final = false
    while !final {
      try reader.refill()
      final = reader.take(1) == 1
      let type = reader.take(2)
      switch type {
      case 0:
        written = try storedBlock(&reader, into: out, written: written)
      case 1:
        written = try huffmanBlock(
          &reader, literals: fixedLiteralTable, distances: fixedDistanceTable, into: out,
          written: written)
      case 2:
        let (literals, distances) = try dynamicTables(&reader)
        written = try huffmanBlock(
          &reader, literals: literals, distances: distances, into: out, written: written)
      default:
        throw InflateFailure("invalid deflate block type 3")
      }
    }
    return written
  }

  static func storedBlock(
    _ reader: inout BitReader, into out: UnsafeMutableBufferPointer<UInt8>, written: Int
  ) throws(InflateFailure) -> Int {
    var position = reader.alignedPosition()
    let input = reader.input
    guard position + 4 <= input.count else { throw InflateFailure("stored block truncated") }
    let length = Int(input[position]) | Int(input[position + 1]) << 8
    let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
    guard length == ~complement & 0xFFFF else {
      throw InflateFailure("stored block length \(length) does not match its complement")
    }
    position += 4
    guard position + length <= input.count else { throw InflateFailure("stored block truncated") }
    guard written + length <= out.count else {
      throw InflateFailure("decompressed data is larger than the image (\(out.count) bytes)")
    }
    if length > 0 {
      (out.baseAddress! + written).initialize(
        from: input.baseAddress!.assumingMemoryBound(to: UInt8.self) + position, count: length)
    }
    reader.restart(at: position + length)
    return written + length
  }

  static func dynamicTables(
    _ reader: inout BitReader
  ) throws(InflateFailure) -> (HuffmanDecodingTable, HuffmanDecodingTable) {
    try reader.refill()
    let literalCount = Int(reader.take(5)) + 257
    let distanceCount = Int(reader.take(5)) + 1
    let codeLengthCount = Int(reader.take(4)) + 4
    guard literalCount <= 286, distanceCount <= 30 else {
      throw InflateFailure("dynamic block declares \(literalCount) literal/length and \(distanceCount) distance codes (at most 286 and 30)")
    }
    var codeLengthLengths = [UInt8](repeating: 0, count: 19)
    for i in 0..<codeLengthCount {
      try reader.refill()
      codeLengthLengths[codeLengthOrder[i]] = UInt8(reader.take(3))
    }
    let codeLengthTable = try HuffmanDecodingTable(lengths: codeLengthLengths)
    var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
    var index = 0
    while index < lengths.count {
      try reader.refill()
      let symbol = try reader.decode(codeLengthTable)
      if symbol < 16 {
        lengths[index] = UInt8(symbol)
        index += 1
        continue
      }
      var value: UInt8 = 0
      let repeatCount: Int
      switch symbol {
      case 16:
        guard index > 0 else { throw InflateFailure("code length repeat with no previous length") }
        value = lengths[index - 1]
        repeatCount = 3 + Int(reader.take(2))
      case 17:
        repeatCount = 3 + Int(reader.take(3))
      default:
        repeatCount = 11 + Int(reader.take(7))
      }
      guard index + repeatCount <= lengths.count else {
        throw InflateFailure("code length repeat runs past the declared code count")
      }
      for _ in 0..<repeatCount {
        lengths[index] = value
        index += 1
      }
    }
    guard lengths[256] != 0 else { throw InflateFailure("dynamic block has no end-of-block code") }
    let literals = try HuffmanDecodingTable(lengths: Array(lengths[0..<literalCount]))
    let distances = try HuffmanDecodingTable(lengths: Array(lengths[literalCount...]))
    return (literals, distances)
  }

  static func huffmanBlock(
    _ reader: inout BitReader, literals: HuffmanDecodingTable, distances: HuffmanDecodingTable,
    into out: UnsafeMutableBufferPointer<UInt8>, written start: Int
  ) throws(InflateFailure) -> Int {
    var written = start
    let capacity = out.count
    let base = out.baseAddress
    while true {
      try reader.refill()
      let symbol = Int(try reader.decode(literals))
      if symbol < 256 {
        guard written < capacity else {
          throw InflateFailure("decompressed data is larger than the image (\(capacity) bytes)")
        }
        base![written] = UInt8(truncatingIfNeeded: symbol)
        written += 1
        continue
      }
      if symbol == 256 { return written }
      let lengthIndex = symbol - 257
      guard lengthIndex < 29 else { throw InflateFailure("invalid length symbol \(symbol)") }
      let length = Int(lengthBase[lengthIndex]) + Int(reader.take(Int(lengthExtra[lengthIndex])))
      let distanceSymbol = Int(try reader.decode(distances))
      guard distanceSymbol < 30 else {
        throw InflateFailure("invalid distance symbol \(distanceSymbol)")
      }
      let distance =
        Int(distanceBase[distanceSymbol]) + Int(reader.take(Int(distanceExtra[distanceSymbol])))
      guard distance <= written else {
        throw InflateFailure("distance \(distance) reaches before the start of the data")
      }
      guard written + length <= capacity else {
        throw InflateFailure("decompressed data is larger than the image (\(capacity) bytes)")
      }
      var target = base! + written
      var source = target - distance
      if distance >= length {
        target.update(from: source, count: length)
      } else {
        for _ in 0..<length {
          target.pointee = source.pointee
          target += 1
          source += 1
        }
      }
      written += length
    }
  }
}
