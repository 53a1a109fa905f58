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

  /// PrRoI pooling written box by box with recorded tensor operations: the recorded gradient
  /// rule of ``prRoIPool(_:boxes:pooledHeight:pooledWidth:spatialScale:)`` (differentiable to any
  /// order) and the reference its kernels are tested against.
  ///
  /// K(t) = ½ + u − ½·u·|u| with u = clamp(t, −1, 1) is the hat's integral in one expression.
  static func prRoIPoolComposed(
    _ features: Tensor, boxes: Tensor, pooledHeight: Int, pooledWidth: Int, spatialScale: Float
  ) -> Tensor {
    let (channels, height, width) = (features.shape[1], features.shape[2], features.shape[3])
    let rows = Tensor((0..<height).map { Float($0) }).reshaped([1, height])
    let columns = Tensor((0..<width).map { Float($0) }).reshaped([1, width])
    func binWeights(_ start: Tensor, _ end: Tensor, bins: Int, grid: Tensor) -> Tensor {
      let fractions = Tensor((0...bins).map { Float($0) / Float(bins) })
      let edges = (start + (end - start) * fractions).reshaped([bins + 1, 1])
      let u = (edges - grid).clamped(min: -1, max: 1)
      let integral = u - u * u.abs() * 0.5 + 0.5
      return integral.slice(alongAxis: 0, 1..<(bins + 1)) - integral.slice(alongAxis: 0, 0..<bins)
    }
    var pooled: [Tensor] = []
    for k in 0..<boxes.shape[0] {
      let corners = boxes.slice(alongAxis: 0, k..<(k + 1)).reshaped([5]) * spatialScale
      let (x1, y1, x2, y2) = (
        corners.slice(alongAxis: 0, 1..<2), corners.slice(alongAxis: 0, 2..<3), corners.slice(alongAxis: 0, 3..<4),
        corners.slice(alongAxis: 0, 4..<5)
      )
      let values = corners.scalars
      if values[1...].contains(where: \.isNaN) {
        pooled.append(Tensor(repeating: .nan, shape: [channels, pooledHeight, pooledWidth]))
        continue
      }
      guard values[3] - values[1] > 0, values[4] - values[2] > 0 else {
        pooled.append(Tensor.zeros([channels, pooledHeight, pooledWidth]))
        continue
      }
      let wx = binWeights(x1, x2, bins: pooledWidth, grid: columns)  // [PW, W]
      let wy = binWeights(y1, y2, bins: pooledHeight, grid: rows)  // [PH, H]
      let b = Int(boxes.scalars[5 * k])
      let map = features.slice(alongAxis: 0, b..<(b + 1)).reshaped([channels * height, width])
      let alongColumns = matmul(map, wx, transposeB: true)  // [C·H, PW]
        .reshaped([channels, height, pooledWidth]).permuted([1, 0, 2]).reshaped([height, channels * pooledWidth])
      let integrals = matmul(wy, alongColumns)  // [PH, C·PW]
        .reshaped([pooledHeight, channels, pooledWidth]).permuted([1, 0, 2])
      let area = (x2 - x1) * (y2 - y1) * (1 / Float(pooledWidth * pooledHeight))
      pooled.append(integrals / area)
    }
    return stack(pooled, alongAxis: 0)
  }
}
