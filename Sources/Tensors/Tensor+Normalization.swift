// Layer and group normalisation (PyTorch's `layer_norm` and `group_norm`), composed of
// differentiable ops (any order).

extension Tensor {
  /// Layer normalisation over the last `axes` axes (PyTorch's `F.layer_norm` with
  /// `normalized_shape` = those axes' extents):
  ///
  /// ```
  /// y = (x − E[x]) / √(Var[x] + ε) · weight + bias     (biased variance, over the last axes)
  /// ```
  ///
  /// - Parameters:
  ///   - axes: how many trailing axes are normalised together (≥ 1).
  ///   - weight: the elementwise scale, the shape of those axes, or `nil` (1).
  ///   - bias: the elementwise shift, the shape of those axes, or `nil` (0).
  ///   - epsilon: added to the variance; default 1e-5 (PyTorch's).
  ///
  /// Reference: J. L. Ba, J. R. Kiros, G. E. Hinton, "Layer Normalization", 2016.
  public func layerNorm(overLast axes: Int, weight: Tensor? = nil, bias: Tensor? = nil, epsilon: Float = 1e-5) -> Tensor {
    precondition(axes >= 1 && axes <= rank, "layerNorm: overLast \(axes) must be in 1...\(rank) for shape \(shape)")
    let normalized = Array(shape.suffix(axes))
    for (name, parameter) in [("weight", weight), ("bias", bias)] {
      if let parameter {
        precondition(parameter.shape == normalized, "layerNorm: \(name) shape \(parameter.shape) must be \(normalized)")
      }
    }
    let reduced = Array((rank - axes)..<rank)
    let centred = self - mean(alongAxes: reduced, keepingDimensions: true)
    let variance = centred.squared().mean(alongAxes: reduced, keepingDimensions: true)
    var y = centred / (variance + epsilon).sqrt()
    if let weight { y = y * weight }
    if let bias { y = y + bias }
    return y
  }

  /// Group normalisation of `[N, C, ...]` (PyTorch's `F.group_norm`): the channels are split
  /// into `groups` groups of C / groups consecutive channels, each normalised over its channels
  /// and all spatial positions, then scaled and shifted per channel:
  ///
  /// ```
  /// y[n, c, ...] = (x − E_g[x]) / √(Var_g[x] + ε) · weight[c] + bias[c]    (biased variance)
  /// ```
  ///
  /// - Parameters:
  ///   - groups: divides C; 1 is layer norm over (C, ...), C is instance norm.
  ///   - weight: `[C]` or `nil` (1).
  ///   - bias: `[C]` or `nil` (0).
  ///   - epsilon: default 1e-5 (PyTorch's).
  ///
  /// Reference: Y. Wu, K. He, "Group Normalization", ECCV 2018.
  public func groupNorm(groups: Int, weight: Tensor? = nil, bias: Tensor? = nil, epsilon: Float = 1e-5) -> Tensor {
    precondition(rank >= 2, "groupNorm needs [N, C, ...], got \(shape)")
    let (batch, channels) = (shape[0], shape[1])
    precondition(groups >= 1 && channels % groups == 0, "groupNorm: \(groups) groups do not divide \(channels) channels")
    for (name, parameter) in [("weight", weight), ("bias", bias)] {
      if let parameter {
        precondition(parameter.shape == [channels], "groupNorm: \(name) shape \(parameter.shape) must be [\(channels)]")
      }
    }
    var y = reshaped([batch, groups, -1]).layerNorm(overLast: 1, epsilon: epsilon).reshaped(shape)
    let perChannel = [1, channels] + Array(repeating: 1, count: rank - 2)
    if let weight { y = y * weight.reshaped(perChannel) }
    if let bias { y = y + bias.reshaped(perChannel) }
    return y
  }
}
