/// Chroma upsampling as libjpeg does it (`jdsample.c`, libjpeg-turbo), one output row at a time.
///
/// "Fancy" (triangle-filter) upsampling for 2:1 horizontal (h2v1), 2:1 both ways (h2v2) and
/// 1:2 vertical (h1v2) when the component is more than 2 samples wide: each output sample is
/// ¾ of the nearer input sample plus ¼ of the next nearer, in each direction, with libjpeg's
/// alternating rounding biases. Other integral ratios, and components at most 2 samples wide,
/// replicate samples (box upsampling). Rows above the first and below the last repeat the edge
/// row, as libjpeg's context rows do.
enum JPEGUpsampler {
  /// Writes output row `y` (of `outputWidth` samples) of a component upsampled by (`hScale`,
  /// `vScale`) from `plane` (rows `stride` apart, `width` × `height` valid samples).
  static func row(
    _ y: Int, plane: UnsafePointer<UInt8>, stride: Int, width: Int, height: Int,
    hScale: Int, vScale: Int, outputWidth: Int, into out: UnsafeMutablePointer<UInt8>,
    scratch: UnsafeMutablePointer<Int32>
  ) {
    let fancy = width > 2
    let inRow = y / vScale
    let near = plane + min(inRow, height - 1) * stride
    if hScale == 1 && vScale == 1 {
      out.update(from: near, count: outputWidth)
      return
    }
    if fancy && hScale == 2 && vScale == 1 {
      h2v1(near, width: width, outputWidth: outputWidth, into: out)
      return
    }
    if fancy && vScale == 2 && (hScale == 1 || hScale == 2) {
      let below = y % 2 == 1
      let farRow = below ? min(inRow + 1, height - 1) : max(inRow - 1, 0)
      let far = plane + farRow * stride
      if hScale == 1 {
        let bias: Int32 = below ? 2 : 1
        for x in 0..<outputWidth { out[x] = UInt8((Int32(near[x]) * 3 + Int32(far[x]) + bias) >> 2) }
        return
      }
      // h2v2: column sums 3·near + far, then the horizontal triangle on the sums.
      for x in 0..<width { scratch[x] = Int32(near[x]) * 3 + Int32(far[x]) }
      var outIndex = 0
      @inline(__always) func put(_ value: Int32) {
        if outIndex < outputWidth { out[outIndex] = UInt8(truncatingIfNeeded: value) }
        outIndex += 1
      }
      put((scratch[0] * 4 + 8) >> 4)
      put((scratch[0] * 3 + scratch[1] + 7) >> 4)
      for x in 1..<(width - 1) {
        put((scratch[x] * 3 + scratch[x - 1] + 8) >> 4)
        put((scratch[x] * 3 + scratch[x + 1] + 7) >> 4)
      }
      put((scratch[width - 1] * 3 + scratch[width - 2] + 8) >> 4)
      put((scratch[width - 1] * 4 + 7) >> 4)
      return
    }
    for x in 0..<outputWidth { out[x] = near[min(x / hScale, width - 1)] }
  }

  /// h2v1 fancy upsampling of one row.
  static func h2v1(
    _ input: UnsafePointer<UInt8>, width: Int, outputWidth: Int, into out: UnsafeMutablePointer<UInt8>
  ) {
    var outIndex = 0
    @inline(__always) func put(_ value: Int) {
      if outIndex < outputWidth { out[outIndex] = UInt8(truncatingIfNeeded: value) }
      outIndex += 1
    }
    put(Int(input[0]))
    put((Int(input[0]) * 3 + Int(input[1]) + 2) >> 2)
    for x in 1..<(width - 1) {
      let value = Int(input[x]) * 3
      put((value + Int(input[x - 1]) + 1) >> 2)
      put((value + Int(input[x + 1]) + 2) >> 2)
    }
    put((Int(input[width - 1]) * 3 + Int(input[width - 2]) + 1) >> 2)
    put(Int(input[width - 1]))
  }
}
