import CTensorKernels
import Dispatch

extension DenseChainPlan {
  /// The tangent J·v and the second directional derivative D²(output)[v, v] along `direction`
  /// (nil: all ones), `[2, rows, outputWidth]` scalars (tangent first), tiles split over
  /// threads like the forward pass.
  func secondTangent(input: Tensor, direction: Tensor?, portable: Bool) -> [Float] {
    let count = rows * outputWidth
    guard rows > 0 else { return [] }
    let scratchFloats = withLayers { ebm_chain_second_scratch_floats($0, $0.count) }
    return [Float](unsafeUninitializedCapacity: 2 * count) { buffer, initialized in
      initialized = 2 * count
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
              ebm_chain_second_tangent(
                described, described.count, rowsPerGroup, x, v, rows, first, last - first, out, out + count, scratch,
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
  }

  /// The parameter gradients (and dL/d(input)) of a loss of ``secondTangent(input:direction:portable:)``
  /// given its gradient `[2, rows, outputWidth]` (dL/d(J·v), then dL/d(D²[v, v])): the kernel
  /// recomputes values and both tangents tile by tile, so nothing is saved between the passes.
  /// `[dL/d(input) or nil, dW₀, db₀, dW₁, …]`, summed in the fixed order of
  /// ``reverse(needsInputGradient:needsParameterGradients:scratchFloats:kernel:)``.
  func secondTangentBackward(
    input: Tensor, direction: Tensor?, gradient: [Float], needsInputGradient: Bool, needsParameterGradients: Bool,
    portable: Bool
  ) -> [Tensor?] {
    let rows = rows
    let half = rows * outputWidth
    let scratch = withLayers { ebm_chain_second_scratch_floats($0, $0.count) }
    return input.scalars.withUnsafeBufferPointer { x in
      (direction?.scalars ?? []).withUnsafeBufferPointer { v in
        gradient.withUnsafeBufferPointer { g in
          nonisolated(unsafe) let x = x.baseAddress
          nonisolated(unsafe) let v = direction == nil ? nil : v.baseAddress
          nonisolated(unsafe) let gu = g.baseAddress
          nonisolated(unsafe) let gw = g.baseAddress.map { $0 + half }
          let count = layers.count
          let perGroup = rowsPerGroup
          return reverse(
            needsInputGradient: needsInputGradient, needsParameterGradients: needsParameterGradients,
            scratchFloats: scratch
          ) { described, first, tiles, dx, acc, part, firstGroup, scratch in
            ebm_chain_second_tangent_backward(
              described, count, perGroup, x, v, rows, gu, gw, first, tiles, dx, acc, part, firstGroup, scratch,
              portable ? 1 : 0)
          }
        }
      }
    }
  }
}
