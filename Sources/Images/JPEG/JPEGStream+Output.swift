/// From coefficients to pixels: dequantisation and IDCT into one sample plane per component,
/// then chroma upsampling and colour conversion row by row.
extension JPEGStream {
  /// Whether three components are YCbCr (to be converted) or already RGB, decided as libjpeg's
  /// `default_decompress_parms` does: JFIF means YCbCr; an Adobe marker's transform flag 0
  /// means RGB; otherwise component ids 'R', 'G', 'B' mean RGB.
  var componentsAreRGB: Bool {
    guard let frame, frame.components.count == 3 else { return false }
    if sawJFIF { return false }
    if let adobeTransform { return adobeTransform == 0 }
    return frame.components.map(\.id) == [0x52, 0x47, 0x42]
  }

  func image() throws(JPEGFailure) -> Image {
    guard let frame, scanCount > 0 else { throw fail("no image data (no scan)") }
    let width = frame.width
    let height = frame.height
    var planes = [[UInt8]]()
    coefficients.withUnsafeBufferPointer { coefficientBuffer in
      for component in frame.components {
        let stride = component.blocksAcross * 8
        var plane = [UInt8](repeating: 128, count: stride * component.blocksDown * 8)
        if let quant = component.quant {
          plane.withUnsafeMutableBufferPointer { planeBuffer in
            quant.withUnsafeBufferPointer { q in
              let across = (component.width + 7) / 8
              let down = (component.height + 7) / 8
              for by in 0..<down {
                let blocks = coefficientBuffer.baseAddress! + component.coefficientOffset + by * component.blocksAcross * 64
                JPEGInverseDCT.transform(
                  blocks, count: across, quant: q.baseAddress!, output: planeBuffer.baseAddress! + by * 8 * stride,
                  stride: stride)
              }
            }
          }
        }
        planes.append(plane)
      }
    }
    let channels = frame.components.count
    var pixels = [UInt8](repeating: 0, count: width * height * channels)
    pixels.withUnsafeMutableBufferPointer { out in
      if channels == 1 {
        let stride = frame.components[0].blocksAcross * 8
        planes[0].withUnsafeBufferPointer { plane in
          for y in 0..<height {
            (out.baseAddress! + y * width).update(from: plane.baseAddress! + y * stride, count: width)
          }
        }
        return
      }
      let rowLength = width + 16
      let rows = UnsafeMutablePointer<UInt8>.allocate(capacity: 3 * rowLength)
      let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: rowLength)
      defer {
        rows.deallocate()
        scratch.deallocate()
      }
      let rgb = componentsAreRGB
      let fullResolution = frame.components.allSatisfy { $0.horizontal == frame.maxH && $0.vertical == frame.maxV }
      if fullResolution && !componentsAreRGB {
        // 4:4:4: the planes are the rows to convert.
        planes[0].withUnsafeBufferPointer { luma in
          planes[1].withUnsafeBufferPointer { blue in
            planes[2].withUnsafeBufferPointer { red in
              let stride = frame.components[0].blocksAcross * 8
              for y in 0..<height {
                JPEGColorConverter.convert(
                  y: luma.baseAddress! + y * stride, cb: blue.baseAddress! + y * stride,
                  cr: red.baseAddress! + y * stride, count: width, into: out.baseAddress! + y * width * 3)
              }
            }
          }
        }
        return
      }
      for y in 0..<height {
        for (c, component) in frame.components.enumerated() {
          planes[c].withUnsafeBufferPointer { plane in
            JPEGUpsampler.row(
              y, plane: plane.baseAddress!, stride: component.blocksAcross * 8, width: component.width,
              height: component.height, hScale: frame.maxH / component.horizontal,
              vScale: frame.maxV / component.vertical, outputWidth: width, into: rows + c * rowLength,
              scratch: scratch)
          }
        }
        let target = out.baseAddress! + y * width * 3
        if rgb {
          for x in 0..<width {
            target[3 * x] = rows[x]
            target[3 * x + 1] = rows[rowLength + x]
            target[3 * x + 2] = rows[2 * rowLength + x]
          }
        } else {
          JPEGColorConverter.convert(y: rows, cb: rows + rowLength, cr: rows + 2 * rowLength, count: width, into: target)
        }
      }
    }
    return Image(width: width, height: height, channels: channels, pixels: pixels)
  }
}
