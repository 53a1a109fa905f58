import CTensorKernels
import Dispatch

/// Shapes, packed parameters and work split of one ``Tensor/denseChain(_:layers:)`` call.
struct DenseChainPlan: @unchecked Sendable {
  let layers: [DenseChainLayer]
  let rows: Int
  let groups: Int
  let tiles: Int
  /// Weights and biases of every layer, one after the other (the kernel's pointers point here).
  let packed: [Float]
  let offsets: [(weight: Int, bias: Int)]
  let savedWidth: Int
  let scratchFloats: Int
  let accumulatorFloats: Int
  /// The most threads a pass spreads over.
  let threads: Int

  static let tile = Int(EBM_CHAIN_TILE)
  /// Tiles per backward range: the unit of the fixed summation order.
  static let rangeTiles = 16
  /// Fewest tiles worth a thread of their own.
  static let tilesPerThread = 4

  var outputWidth: Int { layers.last!.outputs }

  init(input: Tensor, layers: [DenseChainLayer], threads: Int = Gemm.defaultThreads) {
    precondition(!layers.isEmpty, "denseChain needs at least one layer")
    precondition(input.rank == 2, "denseChain: input must be [N, in], got \(input.shape)")
    let rows = input.shape[0]
    var width = input.shape[1]
    var groups = 1
    for (index, layer) in layers.enumerated() {
      precondition(
        layer.weight.rank == 2 && layer.inputs == width,
        "denseChain: layer \(index) weight \(layer.weight.shape) does not take \(width) inputs")
      precondition(
        (layer.bias.rank == 1 || layer.bias.rank == 2) && layer.bias.shape.last == layer.outputs,
        "denseChain: layer \(index) bias \(layer.bias.shape) must be [\(layer.outputs)] or [G, \(layer.outputs)]")
      precondition(!layer.residual || layer.inputs == layer.outputs, "denseChain: residual layer \(index) needs in == out")
      if layer.bias.rank == 2 {
        precondition(
          groups == 1 || groups == layer.groups,
          "denseChain: grouped biases must share one group count, got \(groups) and \(layer.groups)")
        groups = layer.groups
      }
      width = layer.outputs
    }
    precondition(groups >= 1 && rows % groups == 0, "denseChain: \(groups) bias groups do not divide \(rows) rows")
    self.layers = layers
    self.threads = max(1, threads)
    self.rows = rows
    self.groups = groups
    tiles = (rows + Self.tile - 1) / Self.tile
    var packed: [Float] = []
    var offsets: [(weight: Int, bias: Int)] = []
    for layer in layers {
      let weight = packed.count
      packed += layer.weight.scalars
      let bias = packed.count
      packed += layer.bias.scalars
      offsets.append((weight, bias))
    }
    self.packed = packed
    self.offsets = offsets
    (savedWidth, scratchFloats, accumulatorFloats) = packed.withUnsafeBufferPointer { buffer in
      let described = Self.describe(layers, offsets: offsets, base: buffer.baseAddress!)
      return (
        ebm_chain_saved_width(described, described.count), ebm_chain_scratch_floats(described, described.count),
        ebm_chain_accumulator_floats(described, described.count)
      )
    }
  }

  var rowsPerGroup: Int { max(1, rows / groups) }

  static func describe(
    _ layers: [DenseChainLayer], offsets: [(weight: Int, bias: Int)], base: UnsafePointer<Float>
  ) -> [ebm_chain_layer] {
    zip(layers, offsets).map { layer, offset in
      ebm_chain_layer(
        inputs: layer.inputs, outputs: layer.outputs, weight: base + offset.weight, bias: base + offset.bias,
        grouped: layer.bias.rank == 2 ? 1 : 0, tanh_activation: layer.activation == .tanh ? 1 : 0,
        residual: layer.residual ? 1 : 0)
    }
  }

  /// Runs `body` with the kernel's layer descriptions pointing into `packed`.
  func withLayers<Result>(_ body: ([ebm_chain_layer]) -> Result) -> Result {
    packed.withUnsafeBufferPointer { body(Self.describe(layers, offsets: offsets, base: $0.baseAddress!)) }
  }

  /// The group of row `r` as the kernel counts it (rows past the end belong to the last one).
  func group(ofRow r: Int) -> Int { min(r, rows - 1) / rowsPerGroup }

  /// The groups tile range `range` touches (its grouped-bias partials have this many rows).
  func groupSpan(ofRange range: Int) -> Int {
    let firstRow = range * Self.rangeTiles * Self.tile
    let lastRow = min(tiles, (range + 1) * Self.rangeTiles) * Self.tile - 1
    return group(ofRow: lastRow) - group(ofRow: firstRow) + 1
  }

  /// Each tile range's first group and the offset of its grouped-bias partials
  /// (`groupedWidth` floats per group), and the floats of all partials.
  func rangeLayout(groupedWidth: Int) -> (firstGroups: [Int], partialOffsets: [Int], partialFloats: Int) {
    let ranges = (tiles + Self.rangeTiles - 1) / Self.rangeTiles
    var firstGroups: [Int] = []
    var partialOffsets: [Int] = []
    var total = 0
    for range in 0..<ranges {
      firstGroups.append(group(ofRow: range * Self.rangeTiles * Self.tile))
      partialOffsets.append(total)
      total += groupSpan(ofRange: range) * groupedWidth
    }
    return (firstGroups, partialOffsets, total)
  }

  func forward(input: Tensor, portable: Bool) -> (output: [Float], saved: [Float]) {
    let outputCount = rows * outputWidth
    guard rows > 0 else { return ([], []) }
    var saved = [Float](repeating: 0, count: 0)
    let output = [Float](unsafeUninitializedCapacity: outputCount) { outputBuffer, initialized in
      initialized = outputCount
      saved = [Float](unsafeUninitializedCapacity: tiles * Self.tile * savedWidth) { savedBuffer, savedCount in
        savedCount = tiles * Self.tile * savedWidth
        nonisolated(unsafe) let out = outputBuffer.baseAddress!
        nonisolated(unsafe) let keep = savedBuffer.baseAddress!
        withLayers { described in
          input.scalars.withUnsafeBufferPointer { x in
            nonisolated(unsafe) let x = x.baseAddress!
            let parts = max(1, min(threads, tiles / Self.tilesPerThread))
            nonisolated(unsafe) let described = described
            let run: @Sendable (Int) -> Void = { part in
              let first = tiles * part / parts
              let last = tiles * (part + 1) / parts
              let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchFloats)
              defer { scratch.deallocate() }
              ebm_chain_forward(
                described, described.count, rowsPerGroup, x, rows, first, last - first, out, keep, scratch,
                portable ? 1 : 0)
            }
            if parts == 1 {
              run(0)
            } else {
              DispatchQueue.concurrentPerform(iterations: parts) { run($0) }
            }
          }
        }
      }
    }
    return (output, saved)
  }

  /// The directional derivative J·v of the output along `direction` (nil: all ones),
  /// `[rows, outputWidth]` scalars, tiles split over threads like the forward pass.
  func tangent(input: Tensor, direction: Tensor?, portable: Bool) -> [Float] {
    let count = rows * outputWidth
    guard rows > 0 else { return [] }
    return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      initialized = count
      nonisolated(unsafe) let out = buffer.baseAddress!
      withLayers { described in
        input.scalars.withUnsafeBufferPointer { x in
          (direction?.scalars ?? []).withUnsafeBufferPointer { v in
            nonisolated(unsafe) let x = x.baseAddress!
            nonisolated(unsafe) let v = direction == nil ? nil : v.baseAddress
            nonisolated(unsafe) let described = described
            let parts = max(1, min(threads, tiles / Self.tilesPerThread))
            let run: @Sendable (Int) -> Void = { part in
              let first = tiles * part / parts
              let last = tiles * (part + 1) / parts
              let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchFloats)
              defer { scratch.deallocate() }
              ebm_chain_tangent(
                described, described.count, rowsPerGroup, x, v, rows, first, last - first, out, scratch, portable ? 1 : 0)
            }
            if parts == 1 {
              run(0)
            } else {
              DispatchQueue.concurrentPerform(iterations: parts) { run($0) }
            }
          }
        }
      }
    }
  }

  /// One tile range of a reverse pass: (layers, first tile, tiles, dL/d(input) or nil,
  /// the range's accumulator or nil, its grouped-bias partials, its first group, scratch).
  typealias ReverseRange = @Sendable (
    UnsafePointer<ebm_chain_layer>, Int, Int, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?,
    UnsafeMutablePointer<Float>, Int, UnsafeMutablePointer<Float>
  ) -> Void

  func backward(
    input: Tensor, saved: [Float], gradOutput: [Float], needsInputGradient: Bool, needsParameterGradients: Bool,
    portable: Bool
  ) -> [Tensor?] {
    let rows = rows
    return input.scalars.withUnsafeBufferPointer { x in
      saved.withUnsafeBufferPointer { keep in
        gradOutput.withUnsafeBufferPointer { g in
          nonisolated(unsafe) let x = x.baseAddress
          nonisolated(unsafe) let keep = keep.baseAddress
          nonisolated(unsafe) let g = g.baseAddress
          let count = layers.count
          let perGroup = rowsPerGroup
          return reverse(
            needsInputGradient: needsInputGradient, needsParameterGradients: needsParameterGradients,
            scratchFloats: scratchFloats
          ) { described, first, tiles, dx, acc, part, firstGroup, scratch in
            ebm_chain_backward(
              described, count, perGroup, x, rows, keep, g, first, tiles, dx, acc, part, firstGroup, scratch,
              portable ? 1 : 0)
          }
        }
      }
    }
  }

  /// The parameter gradients (and dL/d(input)) of a loss of the chain's tangent J·v
  /// (``tangent(input:direction:portable:)``) given dL/d(J·v) `gradTangent` and, optionally,
  /// dL/d(output) `gradOutput`: the kernel recomputes values and tangents tile by tile, so
  /// nothing is saved between the passes.
  func tangentBackward(
    input: Tensor, direction: Tensor?, gradTangent: [Float], gradOutput: [Float]?, needsInputGradient: Bool,
    needsParameterGradients: Bool, portable: Bool
  ) -> [Tensor?] {
    let rows = rows
    let scratch = withLayers { ebm_chain_tangent_scratch_floats($0, $0.count) }
    return input.scalars.withUnsafeBufferPointer { x in
      (direction?.scalars ?? []).withUnsafeBufferPointer { v in
        gradTangent.withUnsafeBufferPointer { gu in
          (gradOutput ?? []).withUnsafeBufferPointer { gh in
            nonisolated(unsafe) let x = x.baseAddress
            nonisolated(unsafe) let v = direction == nil ? nil : v.baseAddress
            nonisolated(unsafe) let gu = gu.baseAddress
            nonisolated(unsafe) let gh = gradOutput == nil ? nil : gh.baseAddress
            let count = layers.count
            let perGroup = rowsPerGroup
            return reverse(
              needsInputGradient: needsInputGradient, needsParameterGradients: needsParameterGradients,
              scratchFloats: scratch
            ) { described, first, tiles, dx, acc, part, firstGroup, scratch in
              ebm_chain_tangent_backward(
                described, count, perGroup, x, v, rows, gu, gh, first, tiles, dx, acc, part, firstGroup, scratch,
                portable ? 1 : 0)
            }
          }
        }
      }
    }
  }

  /// Runs `kernel` over the tile ranges (spread over threads) and sums what they accumulated in
  /// a fixed order: `[dL/d(input) or nil, dW₀, db₀, dW₁, …]` (nils when parameter gradients are
  /// not needed).
  func reverse(
    needsInputGradient: Bool, needsParameterGradients: Bool, scratchFloats: Int, kernel: @escaping ReverseRange
  ) -> [Tensor?] {
    let ranges = (tiles + Self.rangeTiles - 1) / Self.rangeTiles
    let groupedWidth = layers.reduce(0) { $0 + ($1.bias.rank == 2 ? $1.outputs : 0) }
    let (firstGroups, partialOffsets, partialFloats) = rangeLayout(groupedWidth: groupedWidth)
    var accumulators = [Float](repeating: 0, count: needsParameterGradients ? ranges * accumulatorFloats : 0)
    var partials = [Float](repeating: 0, count: max(1, partialFloats))
    let inputWidth = layers[0].inputs
    var gradInput = [Float](repeating: 0, count: needsInputGradient ? rows * inputWidth : 0)
    if rows > 0 {
      withLayers { described in
        accumulators.withUnsafeMutableBufferPointer { acc in
          partials.withUnsafeMutableBufferPointer { part in
            gradInput.withUnsafeMutableBufferPointer { dx in
              described.withUnsafeBufferPointer { described in
                nonisolated(unsafe) let described = described.baseAddress!
                nonisolated(unsafe) let acc = needsParameterGradients ? acc.baseAddress : nil
                nonisolated(unsafe) let part = part.baseAddress!
                nonisolated(unsafe) let dx = needsInputGradient ? dx.baseAddress : nil
                let workers = max(1, min(threads, ranges, tiles / Self.tilesPerThread))
                let accumulatorFloats = accumulatorFloats
                let tiles = tiles
                let run: @Sendable (Int) -> Void = { worker in
                  let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchFloats)
                  defer { scratch.deallocate() }
                  for range in stride(from: worker, to: ranges, by: workers) {
                    let first = range * Self.rangeTiles
                    let count = min(tiles, first + Self.rangeTiles) - first
                    kernel(
                      described, first, count, dx, acc.map { $0 + range * accumulatorFloats },
                      part + partialOffsets[range], firstGroups[range], scratch)
                  }
                }
                if workers == 1 {
                  run(0)
                } else {
                  DispatchQueue.concurrentPerform(iterations: workers) { run($0) }
                }
              }
            }
          }
        }
      }
    }
    // Sum the ranges in order (lanes first within a range), and the grouped partials likewise.
    let lanes = 8
    var results: [Tensor?] = [needsInputGradient ? Tensor(shape: [rows, inputWidth], scalars: gradInput) : nil]
    guard needsParameterGradients else { return results + Array(repeating: nil, count: 2 * layers.count) }
    var layerOffset = 0
    var groupedOffset = 0
    for layer in layers {
      let (out, inp) = (layer.outputs, layer.inputs)
      var dWeight = [Float](repeating: 0, count: out * inp)
      var dBias = [Float](repeating: 0, count: layer.bias.count)
      for range in 0..<ranges {
        let base = range * accumulatorFloats + layerOffset
        for index in 0..<(out * inp) {
          var sum: Float = 0
          for lane in 0..<lanes { sum += accumulators[base + index * lanes + lane] }
          dWeight[index] += sum
        }
        if layer.bias.rank == 1 {
          let biasBase = base + out * inp * lanes
          for o in 0..<out {
            var sum: Float = 0
            for lane in 0..<lanes { sum += accumulators[biasBase + o * lanes + lane] }
            dBias[o] += sum
          }
        } else {
          let span = groupSpan(ofRange: range)
          let base = partialOffsets[range] + groupedOffset * span
          for local in 0..<span {
            for o in 0..<out { dBias[(firstGroups[range] + local) * out + o] += partials[base + local * out + o] }
          }
        }
      }
      if layer.bias.rank == 2 { groupedOffset += out }
      layerOffset += (out * inp + out) * lanes
      results.append(Tensor(shape: layer.weight.shape, scalars: dWeight))
      results.append(Tensor(shape: layer.bias.shape, scalars: dBias))
    }
    return results
  }
}
