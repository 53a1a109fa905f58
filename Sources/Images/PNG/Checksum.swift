/// The checksums of PNG chunks and zlib streams.
///
/// ```
/// CRC-32 (ISO 3309, PNG chunks): reflected polynomial 0xEDB88320, initial and final xor 0xFFFFFFFF
/// Adler-32 (RFC 1950): a = 1 + Σ bytes, b = Σ a, both mod 65521; value b·65536 + a
/// ```
public enum Checksum {
  /// Eight 256-entry CRC tables for slicing-by-8: table k holds the CRC of a byte followed by
  /// k zero bytes.
  static let crcTables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 8 * 256)
    for n in 0..<256 {
      var c = UInt32(n)
      for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
      tables[n] = c
    }
    for k in 1..<8 {
      for n in 0..<256 {
        let previous = tables[(k - 1) * 256 + n]
        tables[k * 256 + n] = tables[Int(previous & 0xFF)] ^ (previous >> 8)
      }
    }
    return tables
  }()

  /// CRC-32 of `bytes`, continuing from `crc` (pass the previous result to chain; 0 to start).
  public static func crc32(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
    var c = ~crc
    crcTables.withUnsafeBufferPointer { table in
      var i = 0
      let n = bytes.count
      while i + 8 <= n {
        let lo = c ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian
        let hi = bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
        c = table[7 * 256 + Int(lo & 0xFF)] ^ table[6 * 256 + Int((lo >> 8) & 0xFF)]
          ^ table[5 * 256 + Int((lo >> 16) & 0xFF)] ^ table[4 * 256 + Int(lo >> 24)]
          ^ table[3 * 256 + Int(hi & 0xFF)] ^ table[2 * 256 + Int((hi >> 8) & 0xFF)]
          ^ table[256 + Int((hi >> 16) & 0xFF)] ^ table[Int(hi >> 24)]
        i += 8
      }
      while i < n {
        c = table[Int((c ^ UInt32(bytes[i])) & 0xFF)] ^ (c >> 8)
        i += 1
      }
    }
    return ~c
  }

  /// CRC-32 of a byte array.
  public static func crc32(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { crc32($0) }
  }

  /// Adler-32 of `bytes` (RFC 1950 §8.2).
  public static func adler32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    var i = 0
    let n = bytes.count
    // 5552 is the largest run for which b cannot overflow 32 bits before the reduction.
    while i < n {
      let end = min(n, i + 5552)
      while i < end {
        a &+= UInt32(bytes[i])
        b &+= a
        i += 1
      }
      a %= 65521
      b %= 65521
    }
    return b << 16 | a
  }

  /// Adler-32 of a byte array.
  public static func adler32(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { adler32($0) }
  }
}
