// Two-dimensional convolution and transposed convolution on NCHW tensors (PyTorch's conv2d and
// conv_transpose2d), differentiable to any order.
//
// The three products of a convolution with geometry G are bilinear and adjoint to each other:
//   forward       y  = conv(x, w)
//   input adjoint dx = convᵀ(dy, w)       ⟨dy, conv(x, w)⟩ = ⟨convᵀ(dy, w), x⟩
//   weight adjoint dw = corr(x, dy)       ⟨dy, conv(x, w)⟩ = ⟨corr(x, dy), w⟩
// so the pullback of each is a pair of the other two, all recorded as graph nodes: the gradient
// of a gradient (score matching, gradient penalties on image energies) needs no extra rule.

extension Tensor {
  /// Two-dimensional convolution (cross-correlation, as in PyTorch's `conv2d`) of an NCHW input.
  ///
  /// ```
  /// y[n, o, i, j] = b[o] + Σ_{c, p, q} w[o, c, p, q] · x[n, g·C/G + c, i·s_h − pad_h + p·d_h, j·s_w − pad_w + q·d_w]
  /// ```
  /// where `g = o / (O/G)` is the group of output channel `o` and `x` is zero outside the image.
  ///
  /// - Parameters:
  ///   - weight: `[outChannels, channels / groups, kernelHeight, kernelWidth]` (PyTorch's layout).
  ///   - bias: `[outChannels]`, or `nil`.
  ///   - stride: default 1.
  ///   - padding: zero padding on each side; default 0.
  ///   - dilation: spacing between kernel taps; default 1.
  ///   - groups: channels and out channels are split into this many independent groups; default 1.
  /// - Returns: `[batch, outChannels, outHeight, outWidth]` with
  ///   `outHeight = (height + 2·pad_h − d_h·(kernelHeight − 1) − 1) / s_h + 1` (likewise the width).
  /// - Precondition: `self` is `[batch, channels, height, width]` and the shapes agree.
  /// - Complexity: O(batch · outChannels · outHeight · outWidth · channels/groups · kernel area),
  ///   on the AVX2 GEMM in tiles of whole images over every core; the same bits at any thread count.
  public func conv2d(
    _ weight: Tensor, bias: Tensor? = nil, stride: SpatialPair = 1, padding: SpatialPair = 0,
    dilation: SpatialPair = 1, groups: Int = 1
  ) -> Tensor {
    let geometry = Conv2DGeometry(
      input: shape, weight: weight.shape, stride: stride, padding: padding, dilation: dilation,
      groups: groups)
    let y = Tensor.convolution(self, weight, geometry)
    guard let bias else { return y }
    precondition(
      bias.shape == [geometry.outChannels],
      "conv2d: bias shape \(bias.shape) must be [\(geometry.outChannels)] for weight \(weight.shape)")
    return y + bias.reshaped([1, geometry.outChannels, 1, 1])
  }

  /// Two-dimensional transposed convolution (PyTorch's `conv_transpose2d`): the adjoint in the
  /// input of `conv2d` with the same weight, stride, padding, dilation and groups, often used to
  /// upsample.
  ///
  /// - Parameters:
  ///   - weight: `[channels, outChannels / groups, kernelHeight, kernelWidth]` (PyTorch's layout).
  ///   - bias: `[outChannels]`, or `nil`.
  ///   - outputPadding: extra rows and columns on the bottom and right of the output, to pick
  ///     one of the sizes a strided convolution maps to the same size; smaller than the stride
  ///     or the dilation. Default 0.
  /// - Returns: `[batch, outChannels, outHeight, outWidth]` with
  ///   `outHeight = (height − 1)·s_h − 2·pad_h + d_h·(kernelHeight − 1) + outputPadding_h + 1`.
  public func convTranspose2d(
    _ weight: Tensor, bias: Tensor? = nil, stride: SpatialPair = 1, padding: SpatialPair = 0,
    outputPadding: SpatialPair = 0, dilation: SpatialPair = 1, groups: Int = 1
  ) -> Tensor {
    let geometry = Conv2DGeometry(
      transposedInput: shape, weight: weight.shape, stride: stride, padding: padding,
      outputPadding: outputPadding, dilation: dilation, groups: groups)
    let y = Tensor.convolutionInputAdjoint(self, weight, geometry)
    guard let bias else { return y }
    precondition(
      bias.shape == [geometry.channels],
      "convTranspose2d: bias shape \(bias.shape) must be [\(geometry.channels)] for weight \(weight.shape)")
    return y + bias.reshaped([1, geometry.channels, 1, 1])
  }

  /// y = conv(x, w) for a fixed geometry.
  static func convolution(_ x: Tensor, _ w: Tensor, _ geometry: Conv2DGeometry) -> Tensor {
    let values = geometry.forward(x.scalars, w.scalars)
    return result("conv2d", shape: geometry.outputShape, scalars: values, inputs: [x, w]) { _, g in
      [
        x.isRecorded ? convolutionInputAdjoint(g, w, geometry) : nil,
        w.isRecorded ? convolutionWeightAdjoint(x, g, geometry) : nil,
      ]
    }
  }

  /// dx = convᵀ(dy, w): the adjoint of ``convolution(_:_:_:)`` in its input (the transposed
  /// convolution). Bilinear: its pullback is conv(G, w) for dy and corr(G, dy) for w.
  static func convolutionInputAdjoint(_ dy: Tensor, _ w: Tensor, _ geometry: Conv2DGeometry) -> Tensor {
    let values = geometry.inputGradient(dy.scalars, w.scalars)
    return result("conv2dInputAdjoint", shape: geometry.inputShape, scalars: values, inputs: [dy, w]) { _, g in
      [
        dy.isRecorded ? convolution(g, w, geometry) : nil,
        w.isRecorded ? convolutionWeightAdjoint(g, dy, geometry) : nil,
      ]
    }
  }

  /// dw = corr(x, dy): the adjoint of ``convolution(_:_:_:)`` in its weight. Bilinear: its
  /// pullback is convᵀ(dy, G) for x and conv(x, G) for dy.
  static func convolutionWeightAdjoint(_ x: Tensor, _ dy: Tensor, _ geometry: Conv2DGeometry) -> Tensor {
    let values = geometry.weightGradient(x.scalars, dy.scalars)
    return result("conv2dWeightAdjoint", shape: geometry.weightShape, scalars: values, inputs: [x, dy]) { _, g in
      [
        x.isRecorded ? convolutionInputAdjoint(dy, g, geometry) : nil,
        dy.isRecorded ? convolution(x, g, geometry) : nil,
      ]
    }
  }
}
