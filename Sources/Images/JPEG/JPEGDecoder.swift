/// JPEG decoding (ITU-T T.81 | ISO/IEC 10918-1): baseline and extended sequential Huffman
/// (SOF0/SOF1) and progressive Huffman (SOF2), 8-bit, gray or three-component YCbCr (or RGB when
/// an Adobe marker or the component ids say so) with any integral chroma subsampling, restart
/// markers. Arithmetic coding, 12-bit samples, lossless and hierarchical JPEG, and CMYK are
/// refused with an error that says so.
///
/// Steps: read the markers up to the frame header and check the ``DecodingLimits``; decode every
/// scan into per-component coefficient buffers (sequential scans carry each block whole,
/// progressive scans refine spectral bands and bit planes, T.81 Annex G); dequantise and run
/// libjpeg's islow IDCT (``JPEGInverseDCT``); upsample chroma (``JPEGUpsampler``) and convert
/// to RGB (``JPEGColorConverter``). The last three follow libjpeg-turbo, so decodes agree with
/// Pillow's to within rounding.
enum JPEGDecoder {
  /// Zigzag index → natural (row-major) index, with 16 extra entries so a corrupt run length
  /// cannot index past a block (as libjpeg's `jpeg_natural_order`).
  static let naturalOrder: [Int] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
    20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58,
    59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
  ] + [Int](repeating: 63, count: 16)

  static func info(_ bytes: UnsafeRawBufferPointer) throws(ImageError) -> ImageInfo {
    var state = JPEGStream(bytes)
    do {
      try state.readMarkers(untilFrame: true)
    } catch {
      throw error.imageError
    }
    guard let frame = state.frame else { throw ImageError.corrupt(format: .jpeg, reason: "no frame header (SOF)") }
    let kind = frame.marker == 0xC0 ? "baseline" : frame.marker == 0xC1 ? "extended sequential" : "progressive"
    return ImageInfo(
      format: .jpeg, width: frame.width, height: frame.height, channels: frame.components.count,
      bitDepth: 8, encoding: "\(kind) \(frame.subsampling)")
  }

  static func decode(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) throws(ImageError) -> Image {
    var state = JPEGStream(bytes)
    state.limits = limits
    do {
      try state.readMarkers(untilFrame: false)
      return try state.image()
    } catch {
      throw error.imageError
    }
  }

  /// The offset of the next marker (0xFF followed by a byte other than 0x00 and 0xFF) at or
  /// after `position`, which is moved to it; nil if there is none.
  static func nextMarker(_ data: UnsafeRawBufferPointer, from position: inout Int) -> Int? {
    while position + 1 < data.count {
      if data[position] == 0xFF {
        let next = data[position + 1]
        if next != 0 && next != 0xFF { return Int(next) }
      }
      position += 1
    }
    position = data.count
    return nil
  }
}
