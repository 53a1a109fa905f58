import CTensorKernels
import Dispatch

// Precise RoI pooling: the exact average of the bilinearly interpolated feature map over each bin
// of a continuous box, differentiable with respect to the features and the box corners. See
// `prroi.c` for the kernels.

extension Tensor {
  /// Precise RoI pooling (PrRoI pooling): for every box, the exact average over each of
  /// `pooledHeight × pooledWidth` bins of the bilinearly interpolated feature map.
  ///
  /// ```
  /// f(y, x) = Σ_ij F[i, j] k(y − i) k(x − j),   k(t) = max(0, 1 − |t|)   (F = 0 outside the map)
  /// out[k, c, p, q] = (1 / |bin|) ∫∫_bin f(y, x) dx dy = (1 / |bin|) Σ_ij wy_p[i] F[c, i, j] wx_q[j]
  /// wx_q[j] = K(x_{q+1} − j) − K(x_q − j),   K(t) = ∫_{−∞}^t k,   x_q = X1 + (X2 − X1) q / pooledWidth
  /// ```
  /// in feature-map coordinates `X = spatialScale · x` with pixel centres on the integers. The
  /// integral is exact (K is piecewise quadratic), so the output is a smooth function of the box
  /// corners almost everywhere and ∂out/∂box is exact — box refinement descends on it.
  ///
  /// Conventions follow the reference implementation (vacancy/PreciseRoIPooling): the box size
  /// is `max(x2 − x1, 0)`; a bin of zero area (a box with x2 ≤ x1 or y2 ≤ y1) pools to 0 with
  /// zero gradients; parts of a bin outside the map integrate zeros but still count in |bin|.
  /// A NaN coordinate gives NaN for that box (and NaN box gradients).
  ///
  /// - Parameters:
  ///   - features: `[N, C, H, W]`.
  ///   - boxes: `[K, 5]`, rows `(batch index, x1, y1, x2, y2)` in input-image pixels; the batch
  ///     index is an integer in `0..<N` (it receives a zero gradient).
  ///   - pooledHeight: bins per box vertically (≥ 1).
  ///   - pooledWidth: bins per box horizontally (≥ 1).
  ///   - spatialScale: feature-map units per input pixel (1/8 for a stride-8 map).
  /// - Returns: `[K, C, pooledHeight, pooledWidth]`; gradients flow to `features` and to
  ///   `boxes[:, 1...4]`, to any order (the recorded backward pass is written with tensor ops).
  /// - Complexity: O(K · C · (box height + 2·pooledHeight) · box width) per pass, over every core
  ///   (boxes for the forward and box gradient, fixed channel blocks for the feature gradient:
  ///   the same bits at any thread count).
  ///
  /// Reference: B. Jiang, R. Luo, J. Mao, T. Xiao, Y. Jiang, "Acquisition of Localization
  /// Confidence for Accurate Object Detection", ECCV 2018.
  public static func prRoIPool(
    _ features: Tensor, boxes: Tensor, pooledHeight: Int, pooledWidth: Int, spatialScale: Float
  ) -> Tensor {
    prRoIPool(
      features, boxes: boxes, pooledHeight: pooledHeight, pooledWidth: pooledWidth, spatialScale: spatialScale,
      portable: false)
  }

  /// ``prRoIPool(_:boxes:pooledHeight:pooledWidth:spatialScale:)`` optionally on the portable C
  /// path and on at most `threads` threads (tests).
  static func prRoIPool(
    _ features: Tensor, boxes: Tensor, pooledHeight: Int, pooledWidth: Int, spatialScale: Float, portable: Bool,
    threads: Int = Gemm.defaultThreads
  ) -> Tensor {
    let plan = PrRoIPoolPlan(
      features: features, boxes: boxes, pooledHeight: pooledHeight, pooledWidth: pooledWidth,
      spatialScale: spatialScale, threads: threads, portable: portable)
    let nhwc = plan.channelsLast(features.scalars)
    let output = plan.forward(nhwc: nhwc, boxes: boxes.scalars)
    let needsFeatureGradient = features.isRecorded
    let needsBoxGradient = boxes.isRecorded
    return result("prRoIPool", shape: plan.outputShape, scalars: output, inputs: [features, boxes]) { _, g in
      if GradientRecording.isEnabled {
        // Recorded: the same function written with tensor ops, differentiated again. Each
        // argument gets an identity node of its own so that only this use is counted.
        let uses = [features.identityNode("prRoIPoolArgument"), boxes.identityNode("prRoIPoolArgument")]
        let composite = prRoIPoolComposed(
          uses[0], boxes: uses[1], pooledHeight: pooledHeight, pooledWidth: pooledWidth, spatialScale: spatialScale)
        return gradients(of: composite, at: uses, seed: g, createGraph: true)
      }
      return [
        needsFeatureGradient ? plan.featureGradient(boxes: boxes.scalars, gradOutput: g.scalars) : nil,
        needsBoxGradient ? plan.boxGradient(nhwc: nhwc, boxes: boxes.scalars, gradOutput: g.scalars) : nil,
      ]
    }
  }

  /// PrRoI pooling written with recorded tensor operations: the recorded gradient rule of
  /// ``prRoIPool(_:boxes:pooledHeight:pooledWidth:spatialScale:)`` (differentiable to any order)
  /// and the reference its kernels are tested against. The weights of all boxes are computed at
  /// once, then each image's boxes are pooled by one GEMM (columns) and one batched GEMM (rows).
  ///
  /// K(t) = ½ + u − ½·u·|u| with u = clamp(t, −1, 1) is the hat's integral in one expression.
  static func prRoIPoolComposed(
    _ features: Tensor, boxes: Tensor, pooledHeight: Int, pooledWidth: Int, spatialScale: Float
  ) -> Tensor {
    let (batch, channels, height, width) = (features.shape[0], features.shape[1], features.shape[2], features.shape[3])
    let count = boxes.shape[0]
    guard count > 0 else { return Tensor.zeros([0, channels, pooledHeight, pooledWidth]) }
    // Boxes of zero area pool to 0 and NaN boxes to NaN, both constants; their corners are
    // replaced by a unit box so that no division by zero reaches the graph.
    var valid = [Float](repeating: 1, count: count)
    var fill = [Float](repeating: 0, count: count)
    for k in 0..<count {
      let c = boxes.scalars[(5 * k + 1)..<(5 * k + 5)].map { $0 * spatialScale }
      if c.contains(where: \.isNaN) {
        (valid[k], fill[k]) = (0, .nan)
      } else if !(c[2] - c[0] > 0 && c[3] - c[1] > 0) {
        valid[k] = 0
      }
    }
    let validMask = Tensor(shape: [count, 1], scalars: valid)
    let unitBoxes = Tensor(shape: [count, 4], scalars: (0..<count).flatMap { _ in [Float(0), 0, 1, 1] })
    let corners = Tensor.where(validMask, boxes.slice(alongAxis: 1, 1..<5) * spatialScale, unitBoxes)
    func binWeights(_ low: Int, _ high: Int, bins: Int, extent: Int) -> Tensor {  // [K, bins, extent]
      let start = corners.slice(alongAxis: 1, low..<(low + 1))
      let end = corners.slice(alongAxis: 1, high..<(high + 1))
      let fractions = Tensor((0...bins).map { Float($0) / Float(bins) }).reshaped([1, bins + 1])
      let edges = (start + (end - start) * fractions).reshaped([count, bins + 1, 1])
      let grid = Tensor((0..<extent).map { Float($0) }).reshaped([1, 1, extent])
      let u = (edges - grid).clamped(min: -1, max: 1)
      let integral = u - u * u.abs() * 0.5 + 0.5
      return integral.slice(alongAxis: 1, 1..<(bins + 1)) - integral.slice(alongAxis: 1, 0..<bins)
    }
    let wx = binWeights(0, 2, bins: pooledWidth, extent: width)
    let wy = binWeights(1, 3, bins: pooledHeight, extent: height)
    let area = (corners.slice(alongAxis: 1, 2..<3) - corners.slice(alongAxis: 1, 0..<1))
      * (corners.slice(alongAxis: 1, 3..<4) - corners.slice(alongAxis: 1, 1..<2)) * (1 / Float(pooledWidth * pooledHeight))
    var pieces: [Tensor] = []
    var order: [Int] = []
    for n in 0..<batch {
      let members = (0..<count).filter { Int(boxes.scalars[5 * $0]) == n }
      guard !members.isEmpty else { continue }
      let m = members.count
      let map = features.slice(alongAxis: 0, n..<(n + 1)).reshaped([channels * height, width])
      let alongColumns = matmul(map, wx.indexSelect(members).reshaped([m * pooledWidth, width]), transposeB: true)
        .reshaped([channels, height, m, pooledWidth]).permuted([2, 1, 0, 3])
        .reshaped([m, height, channels * pooledWidth])  // [m, H, C·PW]
      let integrals = matmul(wy.indexSelect(members), alongColumns)  // [m, PH, C·PW]
        .reshaped([m, pooledHeight, channels, pooledWidth]).permuted([0, 2, 1, 3])
      pieces.append(integrals)
      order += members
    }
    var inverse = [Int](repeating: 0, count: count)
    for (position, k) in order.enumerated() { inverse[k] = position }
    let pooled = concatenate(pieces, alongAxis: 0).indexSelect(inverse) / area.reshaped([count, 1, 1, 1])
    return Tensor.where(
      validMask.reshaped([count, 1, 1, 1]), pooled, Tensor(shape: [count, 1, 1, 1], scalars: fill))
  }
}
