import CTensorKernels
import Dispatch

/// The shapes of one 2-D convolution on NCHW tensors (PyTorch's `conv2d`) and the threaded
/// kernels that run it: the forward product, its adjoint in the input (the transposed
/// convolution) and its adjoint in the weight (a correlation of input and output gradient).
///
/// Work is cut into tiles of whole images (``CTensorKernels`` `ebm_conv_tile_images`, a function of
/// the shapes alone); each tile runs im2col + one single-threaded SGEMM per group. Tiles write
/// disjoint images; the weight gradient is summed over a fixed number of tile ranges whose
/// partial sums are added in ascending order, so results are bit-identical at any thread count.
struct Conv2DGeometry: Sendable, Equatable {
  let batch: Int
  let channels: Int
  let height: Int
  let width: Int
  let outChannels: Int
  let outHeight: Int
  let outWidth: Int
  let kernel: SpatialPair
  let stride: SpatialPair
  let padding: SpatialPair
  let dilation: SpatialPair
  let groups: Int

  /// The geometry of `conv2d(input, weight)`; preconditions name the offending shapes.
  init(
    input: [Int], weight: [Int], stride: SpatialPair, padding: SpatialPair, dilation: SpatialPair,
    groups: Int
  ) {
    precondition(input.count == 4, "conv2d needs an NCHW input of rank 4, got shape \(input)")
    precondition(weight.count == 4, "conv2d needs a weight [out, in/groups, kh, kw], got shape \(weight)")
    precondition(groups >= 1, "conv2d groups must be at least 1, got \(groups)")
    precondition(
      stride.height >= 1 && stride.width >= 1 && dilation.height >= 1 && dilation.width >= 1,
      "conv2d stride \(stride) and dilation \(dilation) must be positive")
    precondition(padding.height >= 0 && padding.width >= 0, "conv2d padding \(padding) must be non-negative")
    precondition(
      input[1] % groups == 0 && weight[0] % groups == 0,
      "conv2d: channels \(input[1]) and out channels \(weight[0]) must be divisible by groups \(groups)")
    precondition(
      weight[1] * groups == input[1],
      "conv2d: weight \(weight) expects \(weight[1] * groups) input channels, input \(input) has \(input[1])")
    batch = input[0]
    channels = input[1]
    height = input[2]
    width = input[3]
    outChannels = weight[0]
    kernel = SpatialPair(height: weight[2], width: weight[3])
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
    outHeight = (height + 2 * padding.height - dilation.height * (kernel.height - 1) - 1) / stride.height + 1
    outWidth = (width + 2 * padding.width - dilation.width * (kernel.width - 1) - 1) / stride.width + 1
    precondition(
      outHeight >= 1 && outWidth >= 1 && kernel.height >= 1 && kernel.width >= 1,
      "conv2d: kernel \(weight[2])x\(weight[3]) (dilation \(dilation)) does not fit input \(height)x\(width) padded by \(padding)"
    )
  }

  /// The geometry of a convolution whose input gradient is `convTranspose2d(input, weight)` with
  /// the given output size (PyTorch's transposed convolution: weight [in, out/groups, kh, kw]).
  init(
    transposedInput input: [Int], weight: [Int], stride: SpatialPair, padding: SpatialPair,
    outputPadding: SpatialPair, dilation: SpatialPair, groups: Int
  ) {
    precondition(input.count == 4, "convTranspose2d needs an NCHW input of rank 4, got shape \(input)")
    precondition(weight.count == 4, "convTranspose2d needs a weight [in, out/groups, kh, kw], got shape \(weight)")
    precondition(
      weight[0] == input[1], "convTranspose2d: weight \(weight) expects \(weight[0]) input channels, input \(input) has \(input[1])")
    precondition(
      outputPadding.height >= 0 && outputPadding.width >= 0
        && (outputPadding.height < stride.height || outputPadding.height < dilation.height)
        && (outputPadding.width < stride.width || outputPadding.width < dilation.width),
      "convTranspose2d output padding \(outputPadding) must be smaller than the stride \(stride) or the dilation \(dilation)")
    let h = (input[2] - 1) * stride.height - 2 * padding.height + dilation.height * (weight[2] - 1) + outputPadding.height + 1
    let w = (input[3] - 1) * stride.width - 2 * padding.width + dilation.width * (weight[3] - 1) + outputPadding.width + 1
    precondition(h >= 1 && w >= 1, "convTranspose2d: output size \(h)x\(w) is empty for input \(input)")
    self.init(
      input: [input[0], weight[1] * groups, h, w], weight: weight, stride: stride, padding: padding,
      dilation: dilation, groups: groups)
    precondition(
      outHeight == input[2] && outWidth == input[3],
      "convTranspose2d: input \(input) does not match the geometry")
  }

  var inputShape: [Int] { [batch, channels, height, width] }
  var weightShape: [Int] { [outChannels, channels / groups, kernel.height, kernel.width] }
  var outputShape: [Int] { [batch, outChannels, outHeight, outWidth] }

  /// Multiply-adds of one of the three products.
  var multiplyAdds: Int {
    batch * outChannels * outHeight * outWidth * (channels / groups) * kernel.height * kernel.width
  }

  var c: ebm_conv_geometry {
    ebm_conv_geometry(
      batch: batch, channels: channels, height: height, width: width, out_channels: outChannels,
      out_height: outHeight, out_width: outWidth, kernel_h: kernel.height, kernel_w: kernel.width,
      stride_h: stride.height, stride_w: stride.width, pad_h: padding.height, pad_w: padding.width,
      dilation_h: dilation.height, dilation_w: dilation.width, groups: groups)
  }

  /// Images per tile and the number of tiles.
  var tiling: (images: Int, tiles: Int) {
    var g = c
    let images = ebm_conv_tile_images(&g)
    return (images, batch == 0 ? 0 : (batch + images - 1) / images)
  }

  /// Runs `body(first image, images)` for every tile of `images` images, the tiles split into
  /// contiguous ranges over up to `threads` threads.
  private func forEachTile(_ tiling: (images: Int, tiles: Int), threads: Int, _ body: @Sendable (Int, Int) -> Void) {
    let (images, tiles) = tiling
    let workers = multiplyAdds >= Gemm.parallelThreshold ? min(max(1, threads), tiles) : 1
    let batch = batch
    withoutActuallyEscaping(body) { body in
      let run: @Sendable (Int) -> Void = { worker in
        for tile in (tiles * worker / workers)..<(tiles * (worker + 1) / workers) {
          let first = tile * images
          body(first, min(images, batch - first))
        }
      }
      if workers <= 1 {
        if tiles > 0 { run(0) }
      } else {
        DispatchQueue.concurrentPerform(iterations: workers, execute: run)
      }
    }
  }

  /// `count` values written tile by tile by `kernel(geometry, a, b, out, first image, images)`
  /// (one C kernel call per tile), the tiles of `tiling` over up to `threads` threads.
  private func tiledOutput(
    count: Int, _ a: [Float], _ b: [Float], tiling: (images: Int, tiles: Int), threads: Int,
    _ kernel: @escaping @Sendable (
      UnsafePointer<ebm_conv_geometry>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int
    ) -> Void
  ) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { out, initialized in
      initialized = count
      guard count > 0 else { return }
      nonisolated(unsafe) let y = out.baseAddress!
      a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
          nonisolated(unsafe) let ab = ap.baseAddress!
          nonisolated(unsafe) let bb = bp.baseAddress!
          let geometry = c
          forEachTile(tiling, threads: threads) { first, images in
            var g = geometry
            kernel(&g, ab, bb, y, first, images)
          }
        }
      }
    }
  }

  /// The partial sums of a gradient of `size` values over the tiles of `tiling` (at least one):
  /// at most ``weightGradientParts`` fixed contiguous ranges of tiles, one partial sum each, the
  /// ranges computed on up to `threads` threads. `kernel(geometry, x, dy, partial, first image,
  /// images, accumulate)` writes (first tile of a range) or adds a tile's contribution. Returns
  /// the sums `[parts · size]` and the number of parts (a function of the shapes only).
  private func partialSums(
    size: Int, _ x: [Float], _ dy: [Float], tiling: (images: Int, tiles: Int), threads: Int,
    _ kernel: @escaping @Sendable (
      UnsafePointer<ebm_conv_geometry>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int,
      Int32
    ) -> Void
  ) -> (sums: [Float], parts: Int) {
    let (images, tiles) = tiling
    let parts = min(Self.weightGradientParts, tiles)
    let workers = multiplyAdds >= Gemm.parallelThreshold ? min(max(1, threads), parts) : 1
    var partials = [Float](repeating: 0, count: parts * size)
    let batch = batch
    let geometry = c
    x.withUnsafeBufferPointer { xp in
      dy.withUnsafeBufferPointer { dyp in
        partials.withUnsafeMutableBufferPointer { pp in
          nonisolated(unsafe) let xb = xp.baseAddress!
          nonisolated(unsafe) let dyb = dyp.baseAddress!
          nonisolated(unsafe) let pb = pp.baseAddress!
          let part: @Sendable (Int) -> Void = { p in
            var g = geometry
            for tile in (tiles * p / parts)..<(tiles * (p + 1) / parts) {
              let first = tile * images
              kernel(&g, xb, dyb, pb + p * size, first, min(images, batch - first), tile == tiles * p / parts ? 0 : 1)
            }
          }
          if workers <= 1 {
            for p in 0..<parts { part(p) }
          } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
              for p in Swift.stride(from: worker, to: parts, by: workers) { part(p) }
            }
          }
        }
      }
    }
    return (partials, parts)
  }

  /// Whether the kernels take the Winograd F(2×2, 3×3) path (`ebm_conv_winograd_applies`: 3×3,
  /// stride 1, dilation 1, one group, padding ≤ 2, at least 16 channels in and out), which needs
  /// 16 multiply-adds per 2×2 outputs and channel pair instead of 36.
  var usesWinograd: Bool {
    var g = c
    return ebm_conv_winograd_applies(&g) != 0
  }

  /// Images per Winograd chunk and the number of chunks.
  var winogradTiling: (images: Int, tiles: Int) {
    var g = c
    let images = ebm_conv_winograd_chunk_images(&g)
    return (images, batch == 0 ? 0 : (batch + images - 1) / images)
  }

  /// The geometry whose forward product is this one's input adjoint when ``usesWinograd``: a
  /// stride-1 3×3 convolution of dy with the flipped, transposed kernel and padding 2 − p.
  var inputAdjointAsConvolution: Conv2DGeometry {
    Conv2DGeometry(
      input: [batch, outChannels, outHeight, outWidth], weight: [channels, outChannels, 3, 3], stride: 1,
      padding: SpatialPair(height: 2 - padding.height, width: 2 - padding.width), dilation: 1, groups: 1)
  }

  /// y = conv2d(x, w): `x` [batch, channels, height, width], `w` the weight; returns the output.
  func forward(_ x: [Float], _ w: [Float], threads: Int = Gemm.defaultThreads) -> [Float] {
    if usesWinograd { return winogradForward(x, w, threads: threads) }
    return tiledOutput(count: outputShape.reduce(1, *), x, w, tiling: tiling, threads: threads) {
      ebm_conv_forward($0, $1, $2, $3, $4, $5)
    }
  }

  /// dx = the adjoint in the input applied to `dy` (the output's shape): a transposed convolution.
  func inputGradient(_ dy: [Float], _ w: [Float], threads: Int = Gemm.defaultThreads) -> [Float] {
    if usesWinograd {
      // dx[n, c, i, j] = Σ_{k, p, q} w[k, c, 2 − p, 2 − q] · dy[n, k, i + pad − p, j + pad − q].
      let (k, ch) = (outChannels, channels)
      let flipped = [Float](unsafeUninitializedCapacity: w.count) { out, initialized in
        for o in 0..<k {
          for i in 0..<ch {
            for tap in 0..<9 { out[(i * k + o) * 9 + 8 - tap] = w[(o * ch + i) * 9 + tap] }
          }
        }
        initialized = w.count
      }
      return inputAdjointAsConvolution.winogradForward(dy, flipped, threads: threads)
    }
    return tiledOutput(count: inputShape.reduce(1, *), dy, w, tiling: tiling, threads: threads) {
      ebm_conv_input_grad($0, $1, $2, $3, $4, $5)
    }
  }

  /// The most partial sums the weight gradient is split into (a function of the shapes only).
  static let weightGradientParts = 8

  /// dw = the adjoint in the weight: Σ over images of dy ⋆ x.
  func weightGradient(_ x: [Float], _ dy: [Float], threads: Int = Gemm.defaultThreads) -> [Float] {
    if usesWinograd { return winogradWeightGradient(x, dy, threads: threads) }
    let size = weightShape.reduce(1, *)
    guard tiling.tiles > 0 else { return [Float](repeating: 0, count: size) }
    let (partials, parts) = partialSums(size: size, x, dy, tiling: tiling, threads: threads) {
      ebm_conv_weight_grad($0, $1, $2, $3, $4, $5, $6)
    }
    if parts == 1 { return partials }
    return [Float](unsafeUninitializedCapacity: size) { out, initialized in
      initialized = size
      partials.withUnsafeBufferPointer { pp in
        for i in 0..<size {
          var s = pp[i]
          for p in 1..<parts { s += pp[p * size + i] }
          out[i] = s
        }
      }
    }
  }

  // MARK: Winograd F(2×2, 3×3)

  /// ``forward(_:_:threads:)`` on the Winograd path: the weight transformed once, then chunks of
  /// images over the threads.
  private func winogradForward(_ x: [Float], _ w: [Float], threads: Int) -> [Float] {
    let count = outputShape.reduce(1, *)
    let geometry = c
    let transformed = [Float](unsafeUninitializedCapacity: 16 * outChannels * channels) { out, initialized in
      var g = geometry
      ebm_conv_winograd_weights(&g, w, out.baseAddress!)
      initialized = 16 * outChannels * channels
    }
    return tiledOutput(count: count, x, transformed, tiling: winogradTiling, threads: threads) {
      ebm_conv_winograd_forward($0, $1, $2, $3, $4, $5)
    }
  }

  /// ``weightGradient(_:_:threads:)`` on the Winograd path: the transformed gradient summed over
  /// at most ``weightGradientParts`` fixed ranges of chunks, the ranges added in ascending order,
  /// then transformed back once.
  private func winogradWeightGradient(_ x: [Float], _ dy: [Float], threads: Int) -> [Float] {
    let size = weightShape.reduce(1, *)
    guard winogradTiling.tiles > 0 else { return [Float](repeating: 0, count: size) }
    let transformedSize = 16 * outChannels * channels
    let summed = partialSums(size: transformedSize, x, dy, tiling: winogradTiling, threads: threads) {
      ebm_conv_winograd_weight_grad($0, $1, $2, $3, $4, $5, $6)
    }
    var partials = summed.sums
    let parts = summed.parts
    let geometry = c
    partials.withUnsafeMutableBufferPointer { pp in
      for p in 1..<max(parts, 1) {
        for i in 0..<transformedSize { pp[i] += pp[p * transformedSize + i] }
      }
    }
    return [Float](unsafeUninitializedCapacity: size) { out, initialized in
      var g = geometry
      ebm_conv_winograd_weight_grad_finish(&g, partials, out.baseAddress!)
      initialized = size
    }
  }
}
