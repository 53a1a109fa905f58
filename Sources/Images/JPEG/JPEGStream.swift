/// A JPEG file being decoded: the tables and frame header read so far, the decoded
/// coefficients, and the position in the bytes. ``JPEGDecoder`` drives it.
struct JPEGStream {
  /// The frame header and what the markers before the first scan said.
  struct Frame {
    var marker: Int
    var width: Int
    var height: Int
    var components: [JPEGComponent]
    var progressive: Bool { marker == 0xC2 }
    var maxH: Int { components.map(\.horizontal).max() ?? 1 }
    var maxV: Int { components.map(\.vertical).max() ?? 1 }
    var mcusAcross: Int { (width + 8 * maxH - 1) / (8 * maxH) }
    var mcusDown: Int { (height + 8 * maxV - 1) / (8 * maxV) }

    var subsampling: String {
      guard components.count == 3 else { return components.count == 1 ? "gray" : "\(components.count) components" }
      let luma = components[0]
      let chroma = components[1]
      guard chroma.horizontal == components[2].horizontal, chroma.vertical == components[2].vertical,
        luma.horizontal % chroma.horizontal == 0, luma.vertical % chroma.vertical == 0
      else { return components.map { "\($0.horizontal)x\($0.vertical)" }.joined(separator: ",") }
      switch (luma.horizontal / chroma.horizontal, luma.vertical / chroma.vertical) {
      case (1, 1): return "4:4:4"
      case (2, 1): return "4:2:2"
      case (2, 2): return "4:2:0"
      case (1, 2): return "4:4:0"
      case (4, 1): return "4:1:1"
      case (let h, let v): return "\(h)x\(v) subsampled"
      }
    }
  }

  let data: UnsafeRawBufferPointer
  var position = 2
  var limits = DecodingLimits()
  var frame: Frame?
  var quantTables = [[Int32]?](repeating: nil, count: 4)
  var dcTables = [JPEGHuffmanTable?](repeating: nil, count: 4)
  var acTables = [JPEGHuffmanTable?](repeating: nil, count: 4)
  var restartInterval = 0
  /// The transform flag of an Adobe APP14 marker, if any (0: the components are RGB).
  var adobeTransform: Int?
  var sawJFIF = false
  var scanCount = 0
  /// Every component's coefficients, allocated at the first scan.
  var coefficients: [Int16] = []

  init(_ data: UnsafeRawBufferPointer) { self.data = data }

  func fail(_ reason: String) -> JPEGFailure { JPEGFailure(reason) }

  func uint16(at offset: Int) -> Int { Int(data[offset]) << 8 | Int(data[offset + 1]) }

  /// Reads markers from the current position: up to and including the frame header when
  /// `untilFrame`, otherwise to the end of the image, decoding every scan.
  mutating func readMarkers(untilFrame: Bool) throws(JPEGFailure) {
    guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { throw fail("missing SOI marker") }
    while true {
      guard data.count - position >= 2 else {
        // Truncated after the last scan: accept what was decoded, as libjpeg does with a warning,
        // but only once every component has data.
        if frame != nil && scanCount > 0 && !untilFrame { return }
        throw fail("file ends before the \(frame == nil ? "frame header" : "image data")")
      }
      guard data[position] == 0xFF else {
        throw fail("expected a marker at byte \(position), found 0x\(String(data[position], radix: 16))")
      }
      let marker = Int(data[position + 1])
      position += 2
      switch marker {
      case 0xFF:
        position -= 1  // fill byte
        continue
      case 0xD8:
        throw fail("second SOI marker at byte \(position - 2)")
      case 0xD9:
        guard frame != nil, scanCount > 0 else { throw fail("EOI before any image data") }
        return
      case 0xD0...0xD7, 0x01:
        continue  // stray restart marker or TEM: no segment
      default:
        break
      }
      guard position + 2 <= data.count else { throw fail("marker 0x\(String(marker, radix: 16)) is truncated") }
      let length = uint16(at: position)
      guard length >= 2, position + length <= data.count else {
        throw fail("segment of marker 0x\(String(marker, radix: 16)) at byte \(position - 2) declares \(length) bytes, more than the file holds")
      }
      let body = UnsafeRawBufferPointer(rebasing: data[(position + 2)..<(position + length)])
      let segmentStart = position
      position += length
      switch marker {
      case 0xC0, 0xC1, 0xC2:
        guard frame == nil else { throw fail("second frame header") }
        try readFrame(marker: marker, body)
        if untilFrame { return }
      case 0xC3:
        throw JPEGFailure("lossless JPEG (SOF3) is not supported", unsupported: true)
      case 0xC5, 0xC6, 0xC7:
        throw JPEGFailure("hierarchical JPEG (SOF\(marker - 0xC0)) is not supported", unsupported: true)
      case 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xCC:
        throw JPEGFailure("arithmetic-coded JPEG is not supported", unsupported: true)
      case 0xC4:
        try readHuffmanTables(body)
      case 0xDB:
        try readQuantTables(body)
      case 0xDD:
        guard body.count >= 2 else { throw fail("DRI segment is too short") }
        restartInterval = Int(body[0]) << 8 | Int(body[1])
      case 0xDA:
        guard frame != nil else { throw fail("scan before the frame header") }
        try readScan(body, dataStart: segmentStart + length)
      case 0xE0:
        if body.count >= 5, Array(body.prefix(5)) == [0x4A, 0x46, 0x49, 0x46, 0] { sawJFIF = true }
      case 0xEE:
        if body.count >= 12, Array(body.prefix(5)) == [0x41, 0x64, 0x6F, 0x62, 0x65] {
          adobeTransform = Int(body[11])
        }
      case 0xDC:
        throw JPEGFailure("DNL marker (height defined after the first scan) is not supported", unsupported: true)
      default:
        break  // APPn, COM and others: skipped
      }
    }
  }

  mutating func readFrame(marker: Int, _ body: UnsafeRawBufferPointer) throws(JPEGFailure) {
    guard body.count >= 6 else { throw fail("frame header is too short") }
    let precision = Int(body[0])
    guard precision == 8 else {
      throw JPEGFailure("\(precision)-bit JPEG is not supported (8-bit only)", unsupported: true)
    }
    let height = Int(body[1]) << 8 | Int(body[2])
    let width = Int(body[3]) << 8 | Int(body[4])
    let count = Int(body[5])
    guard height > 0 else {
      throw JPEGFailure("JPEG with height 0 (defined by a DNL marker) is not supported", unsupported: true)
    }
    guard width > 0 else { throw fail("frame width is 0") }
    guard count == 1 || count == 3 else {
      throw JPEGFailure("\(count)-component JPEG is not supported (gray or 3 components only)", unsupported: true)
    }
    guard body.count >= 6 + 3 * count else { throw fail("frame header is too short for \(count) components") }
    var components = [JPEGComponent]()
    for i in 0..<count {
      let id = Int(body[6 + 3 * i])
      let h = Int(body[7 + 3 * i]) >> 4
      let v = Int(body[7 + 3 * i]) & 15
      let tq = Int(body[8 + 3 * i])
      guard (1...4).contains(h), (1...4).contains(v) else {
        throw fail("component \(id) has sampling factors \(h)x\(v) (1...4 each)")
      }
      guard tq < 4 else { throw fail("component \(id) uses quantisation table \(tq) (0...3)") }
      guard !components.contains(where: { $0.id == id }) else { throw fail("component id \(id) appears twice") }
      components.append(JPEGComponent(id: id, horizontal: h, vertical: v, quantTable: tq))
    }
    if count == 1 {
      // A single-component frame has one block per MCU whatever its factors (T.81 §A.2.2).
      components[0].horizontal = 1
      components[0].vertical = 1
    }
    var frame = Frame(marker: marker, width: width, height: height, components: components)
    let maxH = frame.maxH
    let maxV = frame.maxV
    for i in frame.components.indices {
      let c = frame.components[i]
      guard maxH % c.horizontal == 0, maxV % c.vertical == 0 else {
        throw JPEGFailure("fractional chroma sampling (\(frame.subsampling)) is not supported", unsupported: true)
      }
      frame.components[i].width = (width * c.horizontal + maxH - 1) / maxH
      frame.components[i].height = (height * c.vertical + maxV - 1) / maxV
      frame.components[i].blocksAcross = frame.mcusAcross * c.horizontal
      frame.components[i].blocksDown = frame.mcusDown * c.vertical
    }
    self.frame = frame
  }

  mutating func readQuantTables(_ body: UnsafeRawBufferPointer) throws(JPEGFailure) {
    var offset = 0
    while offset < body.count {
      let precision = Int(body[offset]) >> 4
      let index = Int(body[offset]) & 15
      guard index < 4, precision <= 1 else {
        throw fail("quantisation table \(index) with precision \(precision) (tables 0...3, precision 0 or 1)")
      }
      let size = precision == 0 ? 64 : 128
      guard offset + 1 + size <= body.count else { throw fail("quantisation table \(index) is truncated") }
      var table = [Int32](repeating: 0, count: 64)
      for k in 0..<64 {
        let value =
          precision == 0
          ? Int32(body[offset + 1 + k])
          : Int32(body[offset + 1 + 2 * k]) << 8 | Int32(body[offset + 2 + 2 * k])
        table[JPEGDecoder.naturalOrder[k]] = value
      }
      quantTables[index] = table
      offset += 1 + size
    }
  }

  mutating func readHuffmanTables(_ body: UnsafeRawBufferPointer) throws(JPEGFailure) {
    var offset = 0
    while offset < body.count {
      guard offset + 17 <= body.count else { throw fail("Huffman table header is truncated") }
      let tableClass = Int(body[offset]) >> 4
      let index = Int(body[offset]) & 15
      guard tableClass <= 1, index < 4 else {
        throw fail("Huffman table class \(tableClass) index \(index) (class 0 or 1, index 0...3)")
      }
      let counts = (0..<16).map { Int(body[offset + 1 + $0]) }
      let total = counts.reduce(0, +)
      guard total <= 256, offset + 17 + total <= body.count else {
        throw fail("Huffman table \(tableClass == 0 ? "DC" : "AC") \(index) declares \(total) symbols, more than its segment holds")
      }
      let symbols = [UInt8](body[(offset + 17)..<(offset + 17 + total)])
      let table = try JPEGHuffmanTable(counts: counts, symbols: symbols)
      if tableClass == 0 { dcTables[index] = table } else { acTables[index] = table }
      offset += 17 + total
    }
  }
}
