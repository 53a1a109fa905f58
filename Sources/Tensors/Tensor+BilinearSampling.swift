// Bilinear sampling of NCHW tensors at continuous coordinates: PyTorch's `grid_sample` and crops
// of boxes, differentiable with respect to the input and the coordinates (any order: the sampler
// is composed of gathers and elementwise ops).

extension Tensor {
  /// Bilinear samples of `input` at the points of `grid` (PyTorch's `F.grid_sample` with
  /// `mode='bilinear'`, `padding_mode='zeros'`).
  ///
  /// ```
  /// out[n, c, i, j] = Σ_{corners (y, x)} F[n, c, y, x] · (1 − |y − Y|)(1 − |x − X|),   F = 0 outside
  /// X = (g_x + 1)/2 · (W − 1) (alignCorners) or ((g_x + 1)·W − 1)/2 (not), likewise Y from g_y
  /// ```
  ///
  /// - Parameters:
  ///   - input: `[N, C, H, W]`.
  ///   - grid: `[N, outHeight, outWidth, 2]`, last axis (x, y) in [−1, 1] across the input
  ///     (outside reads zeros).
  ///   - alignCorners: whether ±1 are the centres of the corner pixels (`true`) or their outer
  ///     edges (`false`, PyTorch's default since 1.3).
  /// - Returns: `[N, C, outHeight, outWidth]`; gradients flow to `input` and `grid`.
  public static func gridSample(_ input: Tensor, grid: Tensor, alignCorners: Bool = false) -> Tensor {
    precondition(input.rank == 4, "gridSample: input must be [N, C, H, W], got \(input.shape)")
    precondition(
      grid.rank == 4 && grid.shape[0] == input.shape[0] && grid.shape[3] == 2,
      "gridSample: grid must be [\(input.shape[0]), outHeight, outWidth, 2], got \(grid.shape)")
    let (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3])
    let (outHeight, outWidth) = (grid.shape[1], grid.shape[2])
    let points = grid.reshaped([batch * outHeight * outWidth, 2])
    func pixel(_ g: Tensor, _ size: Int) -> Tensor {
      alignCorners ? (g + 1) * (0.5 * Float(size - 1)) : ((g + 1) * Float(size) - 1) * 0.5
    }
    let x = pixel(points.slice(alongAxis: 1, 0..<1), width)
    let y = pixel(points.slice(alongAxis: 1, 1..<2), height)
    let perImage = outHeight * outWidth
    let images = (0..<(batch * perImage)).map { $0 / perImage }
    return bilinearSamples(input, images: images, x: x, y: y)
      .reshaped([batch, outHeight, outWidth, input.shape[1]]).permuted([0, 3, 1, 2])
  }

  /// Bilinear crops of boxes: for every box an `height × width` grid of samples at the centres of
  /// equal cells of the box (RoIAlign with one sample per bin and `aligned=True`, i.e. pixel
  /// centres on the integers, the convention of ``prRoIPool(_:boxes:pooledHeight:pooledWidth:spatialScale:)``).
  ///
  /// ```
  /// out[k, c, p, q] = f(Y1 + (Y2 − Y1)(p + ½)/height, X1 + (X2 − X1)(q + ½)/width),   X = spatialScale · x
  /// ```
  /// with f the bilinear interpolation of the map (zero outside).
  ///
  /// - Parameters:
  ///   - input: `[N, C, H, W]`.
  ///   - boxes: `[K, 5]` rows `(batch index, x1, y1, x2, y2)` in input pixels.
  ///   - height: samples per box vertically.
  ///   - width: samples per box horizontally.
  ///   - spatialScale: feature-map units per input pixel; default 1.
  /// - Returns: `[K, C, height, width]`; gradients flow to `input` and `boxes[:, 1...4]`.
  public static func bilinearCrops(
    _ input: Tensor, boxes: Tensor, height: Int, width: Int, spatialScale: Float = 1
  ) -> Tensor {
    precondition(input.rank == 4, "bilinearCrops: input must be [N, C, H, W], got \(input.shape)")
    precondition(boxes.rank == 2 && boxes.shape[1] == 5, "bilinearCrops: boxes must be [K, 5], got \(boxes.shape)")
    precondition(height >= 1 && width >= 1, "bilinearCrops: crop size \(height)x\(width) must be positive")
    let count = boxes.shape[0]
    let images = (0..<(count * height * width)).map { point -> Int in
      let index = boxes.scalars[5 * (point / (height * width))]
      precondition(
        index >= 0 && index < Float(input.shape[0]) && index == index.rounded(),
        "bilinearCrops: batch index \(index) must be an integer in 0..<\(input.shape[0])")
      return Int(index)
    }
    let corners = boxes.slice(alongAxis: 1, 1..<5) * spatialScale  // [K, 4]
    func samples(_ low: Int, _ high: Int, _ steps: Int) -> Tensor {  // [K, steps]
      let a = corners.slice(alongAxis: 1, low..<(low + 1))
      let b = corners.slice(alongAxis: 1, high..<(high + 1))
      let fractions = Tensor((0..<steps).map { (Float($0) + 0.5) / Float(steps) }).reshaped([1, steps])
      return a + (b - a) * fractions
    }
    let xs = samples(0, 2, width).reshaped([count, 1, width]).expanded(to: [count, height, width])
    let ys = samples(1, 3, height).reshaped([count, height, 1]).expanded(to: [count, height, width])
    return bilinearSamples(
      input, images: images, x: xs.reshaped([count * height * width, 1]), y: ys.reshaped([count * height * width, 1])
    ).reshaped([count, height, width, input.shape[1]]).permuted([0, 3, 1, 2])
  }

  /// The bilinear interpolation of `input` `[N, C, H, W]` at M points in pixel coordinates
  /// (centres on the integers, zero outside): `x`, `y` `[M, 1]`, point m in image `images[m]`.
  /// Returns `[M, C]`.
  static func bilinearSamples(_ input: Tensor, images: [Int], x: Tensor, y: Tensor) -> Tensor {
    let (channels, height, width) = (input.shape[1], input.shape[2], input.shape[3])
    let table = input.permuted([0, 2, 3, 1]).reshaped([input.shape[0] * height * width, channels])
    // The upper-left grid point of each sample (constant; far-away and non-finite coordinates
    // get a point whose four corners are all outside).
    func lower(_ values: [Float], _ size: Int) -> [Int] {
      values.map { $0.isFinite ? Int(Swift.min(Swift.max($0, -2), Float(size + 1)).rounded(.down)) : -2 }
    }
    let x0 = lower(x.scalars, width)
    let y0 = lower(y.scalars, height)
    let fx = x - Tensor(shape: x.shape, scalars: x0.map(Float.init))  // weight of the right column
    let fy = y - Tensor(shape: y.shape, scalars: y0.map(Float.init))  // weight of the lower row
    var total: Tensor? = nil
    for (dy, wy) in [(0, 1 - fy), (1, fy)] {
      for (dx, wx) in [(0, 1 - fx), (1, fx)] {
        var rows = [Int](repeating: 0, count: images.count)
        var inside = [Float](repeating: 0, count: images.count)
        for m in images.indices {
          let (r, c) = (y0[m] + dy, x0[m] + dx)
          guard r >= 0 && r < height && c >= 0 && c < width else { continue }
          rows[m] = (images[m] * height + r) * width + c
          inside[m] = 1
        }
        let term = table.indexSelect(rows, alongAxis: 0) * (wy * wx * Tensor(shape: [images.count, 1], scalars: inside))
        total = total.map { $0 + term } ?? term
      }
    }
    return total!
  }
}
