/// Entropy decoding of the scans: sequential blocks (T.81 §F.2.2) and the four kinds of
/// progressive scan (§G.1.2): DC first, DC refinement, AC first (with end-of-band runs) and AC
/// refinement (correction bits for coefficients already non-zero, as libjpeg's
/// `decode_mcu_AC_refine`).
extension JPEGStream {
  /// One component of a scan: its index in the frame and its tables.
  struct ScanComponent {
    var index: Int
    var dcTable: Int
    var acTable: Int
  }

  mutating func readScan(_ body: UnsafeRawBufferPointer, dataStart: Int) throws(JPEGFailure) {
    guard var frame else { throw fail("scan before the frame header") }
    guard body.count >= 1 else { throw fail("scan header is empty") }
    let count = Int(body[0])
    guard (1...4).contains(count), count <= frame.components.count, body.count >= 4 + 2 * count else {
      throw fail("scan header with \(count) components is malformed")
    }
    var scanComponents = [ScanComponent]()
    for i in 0..<count {
      let id = Int(body[1 + 2 * i])
      guard let index = frame.components.firstIndex(where: { $0.id == id }) else {
        throw fail("scan uses component \(id), which the frame does not have")
      }
      guard !scanComponents.contains(where: { $0.index == index }) else {
        throw fail("scan lists component \(id) twice")
      }
      let tables = Int(body[2 + 2 * i])
      scanComponents.append(ScanComponent(index: index, dcTable: tables >> 4, acTable: tables & 15))
    }
    let start = Int(body[1 + 2 * count])
    let end = Int(body[2 + 2 * count])
    let high = Int(body[3 + 2 * count]) >> 4
    let low = Int(body[3 + 2 * count]) & 15
    let progressive = frame.progressive
    if progressive {
      guard start <= end, end <= 63, low <= 13, high <= 13 else {
        throw fail("progressive scan with spectral range \(start)...\(end) and bits \(high)/\(low) is malformed")
      }
      guard (start == 0) == (end == 0) else { throw fail("progressive scan mixes DC and AC coefficients") }
      guard start == 0 || count == 1 else { throw fail("progressive AC scan with \(count) components") }
    }
    let needsDC = !progressive || (start == 0 && high == 0)
    let needsAC = !progressive || start > 0
    for component in scanComponents {
      guard component.dcTable < 4, component.acTable < 4 else { throw fail("scan uses Huffman table index > 3") }
      if needsDC && dcTables[component.dcTable] == nil {
        throw fail("scan uses Huffman table DC \(component.dcTable) before it is defined")
      }
      if needsAC && acTables[component.acTable] == nil {
        throw fail("scan uses Huffman table AC \(component.acTable) before it is defined")
      }
      if frame.components[component.index].quant == nil {
        let table = frame.components[component.index].quantTable
        guard let quant = quantTables[table] else {
          throw fail("component \(frame.components[component.index].id) uses quantisation table \(table) before it is defined")
        }
        frame.components[component.index].quant = quant
      }
    }
    if coefficients.isEmpty {
      try allocate(&frame, firstScan: scanComponents, dataStart: dataStart)
    }
    self.frame = frame

    var reader = JPEGBitReader(data, start: dataStart)
    let kind: ScanKind =
      !progressive ? .sequential
      : start == 0 ? (high == 0 ? .dcFirst : .dcRefine) : (high == 0 ? .acFirst : .acRefine)
    let parameters = ScanParameters(kind: kind, start: start, end: end, low: low)
    let emptyTable = try JPEGHuffmanTable(counts: [1] + [Int](repeating: 0, count: 15), symbols: [0])
    let tableObjects = scanComponents.map { (dcTables[$0.dcTable] ?? emptyTable, acTables[$0.acTable] ?? emptyTable) }
    let tables = tableObjects.map { ($0.0.lookup, $0.1.lookup) }
    let layout = scanComponents.map { ComponentLayout(frame.components[$0.index]) }
    let restartInterval = self.restartInterval
    let (mcusAcross, mcusDown) = (frame.mcusAcross, frame.mcusDown)
    try withExtendedLifetime(tableObjects) { () throws(JPEGFailure) in
      try coefficients.withUnsafeMutableBufferPointer { buffer throws(JPEGFailure) in
        try Self.decodeScanBlocks(
          &reader, base: buffer.baseAddress!, components: layout, tables: tables, mcusAcross: mcusAcross,
          mcusDown: mcusDown, restartInterval: restartInterval, parameters)
      }
    }
    guard !reader.isPastEnd else { throw fail("entropy-coded data is truncated") }
    position = reader.position
    if JPEGDecoder.nextMarker(data, from: &position) == nil { position = data.count }
    scanCount += 1
  }

  /// Decodes every block of one scan: a single component's blocks in raster order, or the
  /// MCUs of an interleaved scan; handles restart intervals.
  static func decodeScanBlocks(
    _ reader: inout JPEGBitReader, base: UnsafeMutablePointer<Int16>, components: [ComponentLayout],
    tables: [(JPEGHuffmanTable.Lookup, JPEGHuffmanTable.Lookup)], mcusAcross: Int, mcusDown: Int, restartInterval: Int,
    _ parameters: ScanParameters
  ) throws(JPEGFailure) {
    var predictions = [Int](repeating: 0, count: components.count)
    var endOfBandRun = 0
    var untilRestart = restartInterval
    let single = components.count == 1
    let sequential = parameters.kind == .sequential
    let across = single ? (components[0].width + 7) / 8 : mcusAcross
    let down = single ? (components[0].height + 7) / 8 : mcusDown
    for my in 0..<down {
      for mx in 0..<across {
        if restartInterval > 0 {
          if untilRestart == 0 {
            guard !reader.isPastEnd else { throw JPEGFailure("entropy-coded data is truncated") }
            reader.restart()
            for i in predictions.indices { predictions[i] = 0 }
            endOfBandRun = 0
            untilRestart = restartInterval
          }
          untilRestart -= 1
        }
        if single {
          let component = components[0]
          let block = base + component.coefficientOffset + (my * component.blocksAcross + mx) * 64
          if sequential {
            try decodeSequential(&reader, block, dc: tables[0].0, ac: tables[0].1, prediction: &predictions[0])
            continue
          }
          try decodeBlock(
            &reader, block, dc: tables[0].0, ac: tables[0].1, prediction: &predictions[0],
            endOfBandRun: &endOfBandRun, parameters)
          continue
        }
        for s in 0..<components.count {
          let component = components[s]
          let (dc, ac) = tables[s]
          for v in 0..<component.vertical {
            let row = (my * component.vertical + v) * component.blocksAcross + mx * component.horizontal
            for h in 0..<component.horizontal {
              let block = base + component.coefficientOffset + (row + h) * 64
              if sequential {
                try decodeSequential(&reader, block, dc: dc, ac: ac, prediction: &predictions[s])
                continue
              }
              try decodeBlock(
                &reader, block, dc: dc, ac: ac, prediction: &predictions[s], endOfBandRun: &endOfBandRun,
                parameters)
            }
          }
        }
      }
    }
  }

  /// Allocates every component's coefficients once the limits and the data allow it.
  mutating func allocate(_ frame: inout Frame, firstScan: [ScanComponent], dataStart: Int) throws(JPEGFailure) {
    do {
      try limits.check(width: frame.width, height: frame.height, format: .jpeg)
    } catch {
      throw JPEGFailure(passing: error)
    }
    var total = 0
    for i in frame.components.indices {
      frame.components[i].coefficientOffset = total
      total += frame.components[i].blockCount * 64
    }
    // Coefficients, one sample plane per component and the output image.
    let bytes = total * 2 + total + frame.width * frame.height * frame.components.count
    do {
      try limits.check(bytes: bytes, for: "the \(frame.width)x\(frame.height) JPEG image")
    } catch {
      throw JPEGFailure(passing: error)
    }
    if !frame.progressive {
      // A sequential block costs at least 2 bits (a DC and an end-of-block code).
      let blocks = firstScan.reduce(0) { $0 + frame.components[$1.index].blockCount }
      let available = data.count - dataStart
      guard blocks <= 4 * available + 64 else {
        throw JPEGFailure(
          "the \(frame.width)x\(frame.height) image needs \(blocks) blocks, but only \(available) bytes of data follow")
      }
    }
    coefficients = [Int16](repeating: 0, count: total)
  }

  /// ``JPEGDecoder/naturalOrder`` in raw storage, read by the block decoder without bounds
  /// checks (indices stay below 80 by construction: k ≤ 63 + 16).
  nonisolated(unsafe) static let naturalOrderPointer: UnsafeMutablePointer<Int> = {
    let pointer = UnsafeMutablePointer<Int>.allocate(capacity: JPEGDecoder.naturalOrder.count)
    pointer.initialize(from: JPEGDecoder.naturalOrder, count: JPEGDecoder.naturalOrder.count)
    return pointer
  }()

  /// Where one component's blocks are (a trivial copy of the parts of ``JPEGComponent`` the
  /// block loop reads, so it copies no arrays).
  struct ComponentLayout {
    var coefficientOffset: Int
    var blocksAcross: Int
    var horizontal: Int
    var vertical: Int
    var width: Int
    var height: Int

    init(_ component: JPEGComponent) {
      coefficientOffset = component.coefficientOffset
      blocksAcross = component.blocksAcross
      horizontal = component.horizontal
      vertical = component.vertical
      width = component.width
      height = component.height
    }
  }

  enum ScanKind {
    case sequential, dcFirst, dcRefine, acFirst, acRefine
  }

  struct ScanParameters {
    var kind: ScanKind
    var start: Int
    var end: Int
    var low: Int
  }

  @inline(__always)
  static func decodeBlock(
    _ reader: inout JPEGBitReader, _ block: UnsafeMutablePointer<Int16>, dc: JPEGHuffmanTable.Lookup,
    ac: JPEGHuffmanTable.Lookup, prediction: inout Int, endOfBandRun: inout Int, _ p: ScanParameters
  ) throws(JPEGFailure) {
    switch p.kind {
    case .sequential:
      try decodeSequential(&reader, block, dc: dc, ac: ac, prediction: &prediction)
    case .dcFirst:
      let size = try reader.decode(dc)
      guard size <= 16 else { throw JPEGFailure("DC difference of \(size) bits") }
      prediction &+= reader.signed(size)
      block[0] = Int16(truncatingIfNeeded: prediction << p.low)
    case .dcRefine:
      if reader.bits(1) != 0 { block[0] |= Int16(truncatingIfNeeded: 1 << p.low) }
    case .acFirst:
      try decodeACFirst(&reader, block, ac: ac, endOfBandRun: &endOfBandRun, p)
    case .acRefine:
      try decodeACRefine(&reader, block, ac: ac, endOfBandRun: &endOfBandRun, p)
    }
  }

  @inline(__always)
  static func decodeSequential(
    _ reader: inout JPEGBitReader, _ block: UnsafeMutablePointer<Int16>, dc: JPEGHuffmanTable.Lookup,
    ac: JPEGHuffmanTable.Lookup, prediction: inout Int
  ) throws(JPEGFailure) {
    // A local copy keeps the bit buffer in registers across the loop (an inout parameter is
    // written back to memory after every step); it is stored back on every exit.
    var r = reader
    defer { reader = r }
    let size = try r.decode(dc)
    guard size <= 16 else { throw JPEGFailure("DC difference of \(size) bits") }
    prediction &+= r.signed(size)
    block[0] = Int16(truncatingIfNeeded: prediction)
    var k = 1
    let order = naturalOrderPointer
    while k < 64 {
      // Fast path: code and extra bits within the lookahead, value already decoded.
      if r.count < 16 { r.refill() }
      let fast = Int(ac.fastAC[r.peek(JPEGHuffmanTable.lookaheadBits)])
      if fast != 0 {
        k &+= (fast >> 4) & 15
        r.skip(fast & 15)
        block[order[k]] = Int16(truncatingIfNeeded: fast >> 8)
        k &+= 1
        continue
      }
      let symbol = try r.decode(ac)
      let run = symbol >> 4
      let bits = symbol & 15
      if bits != 0 {
        k += run
        // EXTEND inline: the decode above left at least 16 - length bits; refill if short.
        if r.count < bits { r.refill() }
        let raw = r.peek(bits)
        r.skip(bits)
        let value = raw < 1 << (bits - 1) ? raw - (1 << bits) + 1 : raw
        block[order[k]] = Int16(truncatingIfNeeded: value)
        k += 1
      } else {
        if run != 15 { break }
        k += 16
      }
    }
  }

  static func decodeACFirst(
    _ reader: inout JPEGBitReader, _ block: UnsafeMutablePointer<Int16>, ac: JPEGHuffmanTable.Lookup,
    endOfBandRun: inout Int, _ p: ScanParameters
  ) throws(JPEGFailure) {
    if endOfBandRun > 0 {
      endOfBandRun -= 1
      return
    }
    var k = p.start
    while k <= p.end {
      let symbol = try reader.decode(ac)
      let run = symbol >> 4
      let bits = symbol & 15
      if bits != 0 {
        k += run
        guard k <= p.end else { throw JPEGFailure("AC run past the end of the spectral band") }
        block[JPEGDecoder.naturalOrder[k]] = Int16(truncatingIfNeeded: reader.signed(bits) << p.low)
        k += 1
      } else if run == 15 {
        k += 16
      } else {
        endOfBandRun = (1 << run) - 1
        if run > 0 { endOfBandRun += reader.bits(run) }
        break
      }
    }
  }

  static func decodeACRefine(
    _ reader: inout JPEGBitReader, _ block: UnsafeMutablePointer<Int16>, ac: JPEGHuffmanTable.Lookup,
    endOfBandRun: inout Int, _ p: ScanParameters
  ) throws(JPEGFailure) {
    let positive = 1 << p.low
    let negative = -1 << p.low
    var k = p.start
    @inline(__always) func correct(_ index: Int) {
      let coefficient = Int(block[index])
      if reader.bits(1) != 0 && coefficient & positive == 0 {
        block[index] = Int16(truncatingIfNeeded: coefficient + (coefficient >= 0 ? positive : negative))
      }
    }
    if endOfBandRun == 0 {
      while k <= p.end {
        let symbol = try reader.decode(ac)
        var run = symbol >> 4
        let bits = symbol & 15
        var value = 0
        if bits != 0 {
          guard bits == 1 else { throw JPEGFailure("AC refinement value of \(bits) bits (must be 1)") }
          value = reader.bits(1) != 0 ? positive : negative
        } else if run != 15 {
          endOfBandRun = 1 << run
          if run > 0 { endOfBandRun += reader.bits(run) }
          break
        }
        // Skip `run` zero coefficients, correcting the non-zero ones passed over.
        while k <= p.end {
          let index = JPEGDecoder.naturalOrder[k]
          if block[index] != 0 {
            correct(index)
          } else {
            if run == 0 { break }
            run -= 1
          }
          k += 1
        }
        if value != 0 {
          guard k <= p.end else { throw JPEGFailure("AC refinement run past the end of the spectral band") }
          block[JPEGDecoder.naturalOrder[k]] = Int16(truncatingIfNeeded: value)
        }
        k += 1
      }
    }
    if endOfBandRun > 0 {
      // Inside an end-of-band run: only correction bits for the non-zero coefficients.
      while k <= p.end {
        let index = JPEGDecoder.naturalOrder[k]
        if block[index] != 0 { correct(index) }
        k += 1
      }
      endOfBandRun -= 1
    }
  }
}
