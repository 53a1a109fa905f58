import CTensorKernels
import Dispatch

/// Shapes, checks and work split of one ``Tensor/prRoIPool(_:boxes:pooledHeight:pooledWidth:spatialScale:)``
/// call, and the calls into its kernels.
struct PrRoIPoolPlan: Sendable {
  let batch: Int
  let channels: Int
  let height: Int
  let width: Int
  let boxCount: Int
  let pooledHeight: Int
  let pooledWidth: Int
  let spatialScale: Float
  let threads: Int
  let portable: Bool
  let scratchFloats: Int

  /// Channels per block of the feature-gradient pass (the unit of its fixed work split).
  static let channelBlock = 32
  /// Fewest boxes worth a thread of their own.
  static let boxesPerThread = 4

  init(
    features: Tensor, boxes: Tensor, pooledHeight: Int, pooledWidth: Int, spatialScale: Float, threads: Int,
    portable: Bool
  ) {
    precondition(features.rank == 4, "prRoIPool: features must be [N, C, H, W], got \(features.shape)")
    precondition(boxes.rank == 2 && boxes.shape[1] == 5, "prRoIPool: boxes must be [K, 5], got \(boxes.shape)")
    precondition(
      pooledHeight >= 1 && pooledWidth >= 1, "prRoIPool: pooled size \(pooledHeight)x\(pooledWidth) must be positive")
    precondition(
      spatialScale > 0 && spatialScale.isFinite, "prRoIPool: spatialScale \(spatialScale) must be positive")
    batch = features.shape[0]
    channels = features.shape[1]
    height = features.shape[2]
    width = features.shape[3]
    boxCount = boxes.shape[0]
    for k in 0..<boxCount {
      let index = boxes.scalars[5 * k]
      precondition(
        index >= 0 && index < Float(batch) && index == index.rounded(),
        "prRoIPool: box \(k) has batch index \(index), needs an integer in 0..<\(batch)")
    }
    self.pooledHeight = pooledHeight
    self.pooledWidth = pooledWidth
    self.spatialScale = spatialScale
    self.threads = max(1, threads)
    self.portable = portable
    scratchFloats = ebm_prroi_scratch_floats(height, width, channels, pooledHeight, pooledWidth)
  }

  var outputShape: [Int] { [boxCount, channels, pooledHeight, pooledWidth] }

  /// NCHW → NHWC.
  func channelsLast(_ x: [Float]) -> [Float] {
    let plane = height * width
    return [Float](unsafeUninitializedCapacity: x.count) { out, initialized in
      initialized = x.count
      for n in 0..<batch {
        for c in 0..<channels {
          let source = (n * channels + c) * plane
          for s in 0..<plane { out[(n * plane + s) * channels + c] = x[source + s] }
        }
      }
    }
  }

  /// NHWC → NCHW.
  func channelsFirst(_ x: [Float]) -> [Float] {
    let plane = height * width
    return [Float](unsafeUninitializedCapacity: x.count) { out, initialized in
      initialized = x.count
      for n in 0..<batch {
        for c in 0..<channels {
          let target = (n * channels + c) * plane
          for s in 0..<plane { out[target + s] = x[(n * plane + s) * channels + c] }
        }
      }
    }
  }

  /// Runs `body(first, count, scratch)` over the boxes, split into contiguous ranges.
  func overBoxes(_ body: @escaping @Sendable (Int, Int, UnsafeMutablePointer<Float>) -> Void) {
    let parts = max(1, min(threads, boxCount / Self.boxesPerThread))
    let scratchFloats = scratchFloats
    let boxCount = boxCount
    @Sendable func run(_ part: Int) {
      let first = boxCount * part / parts
      let last = boxCount * (part + 1) / parts
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, scratchFloats))
      defer { scratch.deallocate() }
      body(first, last - first, scratch)
    }
    if parts == 1 {
      run(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: parts) { run($0) }
    }
  }

  func forward(nhwc: [Float], boxes: [Float]) -> [Float] {
    let count = boxCount * channels * pooledHeight * pooledWidth
    return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      initialized = count
      guard count > 0 else { return }
      nonisolated(unsafe) let out = buffer.baseAddress!
      nhwc.withUnsafeBufferPointer { f in
        boxes.withUnsafeBufferPointer { b in
          nonisolated(unsafe) let f = f.baseAddress
          nonisolated(unsafe) let b = b.baseAddress!
          overBoxes { first, count, scratch in
            ebm_prroi_forward(
              f, batch, height, width, channels, b, spatialScale, pooledHeight, pooledWidth, first, count, out,
              scratch, portable ? 1 : 0)
          }
        }
      }
    }
  }

  func featureGradient(boxes: [Float], gradOutput: [Float]) -> Tensor {
    var grad = [Float](repeating: 0, count: batch * height * width * channels)
    let blocks = (channels + Self.channelBlock - 1) / Self.channelBlock
    if boxCount > 0 && blocks > 0 {
      grad.withUnsafeMutableBufferPointer { dF in
        boxes.withUnsafeBufferPointer { b in
          gradOutput.withUnsafeBufferPointer { g in
            nonisolated(unsafe) let dF = dF.baseAddress!
            nonisolated(unsafe) let b = b.baseAddress!
            nonisolated(unsafe) let g = g.baseAddress!
            let workers = max(1, min(threads, blocks))
            let run: @Sendable (Int) -> Void = { worker in
              let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, scratchFloats))
              defer { scratch.deallocate() }
              for block in stride(from: worker, to: blocks, by: workers) {
                let first = block * Self.channelBlock
                let end = min(channels, first + Self.channelBlock)
                ebm_prroi_feature_grad(
                  b, boxCount, spatialScale, batch, height, width, channels, pooledHeight, pooledWidth, g, first, end,
                  dF, scratch, portable ? 1 : 0)
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
    return Tensor(shape: [batch, channels, height, width], scalars: channelsFirst(grad))
  }

  func boxGradient(nhwc: [Float], boxes: [Float], gradOutput: [Float]) -> Tensor {
    let count = boxCount * 5
    let grad = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      initialized = count
      guard count > 0 else { return }
      nonisolated(unsafe) let out = buffer.baseAddress!
      nhwc.withUnsafeBufferPointer { f in
        boxes.withUnsafeBufferPointer { b in
          gradOutput.withUnsafeBufferPointer { g in
            nonisolated(unsafe) let f = f.baseAddress
            nonisolated(unsafe) let b = b.baseAddress!
            nonisolated(unsafe) let g = g.baseAddress
            overBoxes { first, count, scratch in
              ebm_prroi_box_grad(
                f, batch, height, width, channels, b, spatialScale, pooledHeight, pooledWidth, g, first, count, out,
                scratch, portable ? 1 : 0)
            }
          }
        }
      }
    }
    return Tensor(shape: [boxCount, 5], scalars: grad)
  }
}
