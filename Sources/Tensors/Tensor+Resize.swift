// Nearest and bilinear resizing of NCHW tensors (PyTorch's `F.interpolate`), differentiable with
// respect to the input to any order: nearest is an index selection, bilinear the product
// Ry · X · Rxᵀ with constant interpolation matrices (two GEMMs).

extension Tensor {
  /// This `[N, C, H, W]` tensor resized to `[N, C, height, width]`.
  ///
  /// - Parameters:
  ///   - height: output height (≥ 1).
  ///   - width: output width (≥ 1).
  ///   - mode: ``InterpolationMode/nearest`` or ``InterpolationMode/bilinear(alignCorners:)``;
  ///     default bilinear with `alignCorners: false` (PyTorch's default for `mode='bilinear'`).
  /// - Returns: `[N, C, height, width]`, matching `F.interpolate(x, size=(height, width), mode=...)`.
  /// - Complexity: nearest O(N·C·height·width); bilinear O(N·C·H·(W + height)·width).
  public func resized(height: Int, width: Int, mode: InterpolationMode = .bilinear(alignCorners: false)) -> Tensor {
    precondition(rank == 4, "resized: needs [N, C, H, W], got \(shape)")
    precondition(height >= 1 && width >= 1, "resized: output size \(height)x\(width) must be positive")
    let (batch, channels, inHeight, inWidth) = (shape[0], shape[1], shape[2], shape[3])
    precondition(inHeight >= 1 && inWidth >= 1, "resized: input \(shape) is empty")
    switch mode {
    case .nearest:
      let rows = Self.nearestSources(input: inHeight, output: height)
      let columns = Self.nearestSources(input: inWidth, output: width)
      return indexSelect(rows, alongAxis: 2).indexSelect(columns, alongAxis: 3)
    case .bilinear(let alignCorners):
      let ry = Self.bilinearMatrix(input: inHeight, output: height, alignCorners: alignCorners)
      let rx = Self.bilinearMatrix(input: inWidth, output: width, alignCorners: alignCorners)
      let alongWidth = Tensor.matmul(reshaped([batch * channels * inHeight, inWidth]), rx, transposeB: true)
        .reshaped([batch * channels, inHeight, width])
      return Tensor.matmul(ry, alongWidth).reshaped([batch, channels, height, width])
    }
  }

  /// PyTorch's nearest source index of every output index.
  static func nearestSources(input: Int, output: Int) -> [Int] {
    if input == output { return Array(0..<output) }
    let scale = Float(input) / Float(output)
    return (0..<output).map { Swift.min(Int((Float($0) * scale).rounded(.down)), input - 1) }
  }

  /// The `[output, input]` matrix of bilinear weights along one axis (two taps per row).
  static func bilinearMatrix(input: Int, output: Int, alignCorners: Bool) -> Tensor {
    var weights = [Float](repeating: 0, count: output * input)
    let scale: Float =
      alignCorners ? (output > 1 ? Float(input - 1) / Float(output - 1) : 0) : Float(input) / Float(output)
    for d in 0..<output {
      var source = alignCorners ? scale * Float(d) : scale * (Float(d) + 0.5) - 0.5
      if source < 0 { source = 0 }
      let low = Swift.min(Int(source), input - 1)
      let high = low + (low < input - 1 ? 1 : 0)
      let lambda = source - Float(low)
      weights[d * input + low] += 1 - lambda
      weights[d * input + high] += lambda
    }
    return Tensor(shape: [output, input], scalars: weights)
  }
}
