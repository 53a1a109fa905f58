extension SafeTensors {
  /// The element types this reader converts to `Float`, with their sizes in bytes.
  enum DType: String, CaseIterable, Sendable {
    case f64 = "F64"
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"
    case i32 = "I32"
    case i16 = "I16"
    case u16 = "U16"
    case i8 = "I8"
    case u8 = "U8"
    case bool = "BOOL"

    /// Bytes per element.
    var size: Int {
      switch self {
      case .f64, .i64: return 8
      case .f32, .i32: return 4
      case .f16, .bf16, .i16, .u16: return 2
      case .i8, .u8, .bool: return 1
      }
    }

    /// Converts `count` little-endian elements starting at `offset` of `bytes` to `Float`.
    ///
    /// Integers are rounded to the nearest `Float`; F64 is rounded; F16 and BF16 are exact;
    /// BOOL is 1 for any non-zero byte.
    ///
    /// - Precondition: `offset + count · size <= bytes.count` (checked by the caller).
    func convert(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Float] {
      var result = [Float](repeating: 0, count: count)
      switch self {
      case .f32:
        #if _endian(little)
          result.withUnsafeMutableBytes { destination in
            guard count > 0, let target = destination.baseAddress,
              let source = bytes.baseAddress
            else { return }
            target.copyMemory(from: source + offset, byteCount: count * 4)
          }
        #else
          for i in 0..<count {
            let bits = bytes.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self)
            result[i] = Float(bitPattern: UInt32(littleEndian: bits))
          }
        #endif
      case .f64:
        for i in 0..<count {
          let bits = bytes.loadUnaligned(fromByteOffset: offset + 8 * i, as: UInt64.self)
          result[i] = Float(Double(bitPattern: UInt64(littleEndian: bits)))
        }
      case .f16:
        for i in 0..<count {
          let bits = bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self)
          result[i] = Self.halfToFloat(UInt16(littleEndian: bits))
        }
      case .bf16:
        for i in 0..<count {
          let bits = bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self)
          result[i] = Float(bitPattern: UInt32(UInt16(littleEndian: bits)) << 16)
        }
      case .i64:
        for i in 0..<count {
          let bits = bytes.loadUnaligned(fromByteOffset: offset + 8 * i, as: UInt64.self)
          result[i] = Float(Int64(bitPattern: UInt64(littleEndian: bits)))
        }
      case .i32:
        for i in 0..<count {
          let bits = bytes.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self)
          result[i] = Float(Int32(bitPattern: UInt32(littleEndian: bits)))
        }
      case .i16:
        for i in 0..<count {
          let bits = bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self)
          result[i] = Float(Int16(bitPattern: UInt16(littleEndian: bits)))
        }
      case .u16:
        for i in 0..<count {
          let bits = bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self)
          result[i] = Float(UInt16(littleEndian: bits))
        }
      case .i8:
        for i in 0..<count { result[i] = Float(Int8(bitPattern: bytes[offset + i])) }
      case .u8:
        for i in 0..<count { result[i] = Float(bytes[offset + i]) }
      case .bool:
        for i in 0..<count { result[i] = bytes[offset + i] == 0 ? 0 : 1 }
      }
      return result
    }

    /// IEEE 754 binary16 to binary32, exactly (zeros, subnormals, infinities and NaNs included).
    static func halfToFloat(_ half: UInt16) -> Float {
      let negative = half & 0x8000 != 0
      let exponent = Int((half >> 10) & 0x1F)
      let mantissa = UInt32(half & 0x3FF)
      let sign: UInt32 = negative ? 0x8000_0000 : 0
      switch exponent {
      case 0:
        let magnitude = Float(mantissa) * 0x1p-24
        return negative ? -magnitude : magnitude
      case 31:
        return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
      default:
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | mantissa << 13)
      }
    }
  }
}
