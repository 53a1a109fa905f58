import Foundation
import Testing
@testable import Tensors

/// NaN propagates through elementwise ops and reductions as in IEEE arithmetic and PyTorch, so
/// a diverging run cannot hide behind a `relu` or a `max`; finite inputs give the same bits as
/// before.
@Suite struct NaNPropagationTests {
  let nan = Float.nan

  @Test func reluKeepsNaNAndItsGradientPassesThrough() {
    let x = Tensor([-2, nan, 0, 3])
    let y = x.relu().scalars
    #expect(y[0] == 0 && y[1].isNaN && y[2] == 0 && y[3] == 3)
    let (_, g) = valueWithGradient(at: [x]) { $0[0].relu().sum() }
    // 0 below and at the kink, 1 above, and the incoming 1 passes where x is NaN.
    #expect(g[0].scalars == [0, 1, 0, 1])
  }

  @Test func maximumAndMinimumPropagateNaNInEitherOrder() {
    let a = Tensor([nan, 1, 2, nan])
    let b = Tensor([1, nan, 1, nan])
    for r in [Tensor.maximum(a, b), Tensor.maximum(b, a), Tensor.minimum(a, b), Tensor.minimum(b, a)] {
      #expect(r.scalars[0].isNaN && r.scalars[1].isNaN && r.scalars[3].isNaN)
    }
    #expect(Tensor.maximum(a, b).scalars[2] == 2)
    #expect(Tensor.minimum(b, a).scalars[2] == 1)
    // Broadcast scalar against a row, both orders.
    let row = Tensor([-1, 0, 5])
    #expect(Tensor.maximum(Tensor([nan]), row).scalars.allSatisfy { $0.isNaN })
    #expect(Tensor.maximum(row, Tensor([nan])).scalars.allSatisfy { $0.isNaN })
  }

  @Test func maxAlongAxisPropagatesNaNWhereverItSits() {
    // NaN first, middle and last in a row, and a finite row (unchanged result).
    let x = Tensor(shape: [4, 3], scalars: [nan, 5, 1, 2, nan, 7, 3, 4, nan, 1, 9, 2])
    let maxRows = x.max(alongAxis: 1).scalars
    let minRows = x.min(alongAxis: 1).scalars
    #expect(maxRows[0].isNaN && maxRows[1].isNaN && maxRows[2].isNaN && maxRows[3] == 9)
    #expect(minRows[0].isNaN && minRows[1].isNaN && minRows[2].isNaN && minRows[3] == 1)
    #expect(x.argmax(alongAxis: 1) == [0, 1, 2, 1])
    #expect(x.argmin(alongAxis: 1) == [0, 1, 2, 0])
    // Along the outer axis: column 0 holds NaN in row 0 only.
    let columns = x.max(alongAxis: 0).scalars
    #expect(columns.allSatisfy { $0.isNaN })
    #expect(x.max().scalar.isNaN && x.min().scalar.isNaN)
    // The gradient of max goes to the first NaN.
    let (_, g) = valueWithGradient(at: [Tensor([1, nan, 3, nan])]) { $0[0].max() }
    #expect(g[0].scalars == [0, 1, 0, 0])
  }

  @Test func reductionsBuiltOnMaxPropagateNaN() {
    let x = Tensor(shape: [2, 3], scalars: [1, nan, 2, 0, 1, 2])
    let lse = x.logSumExp(alongAxis: 1).scalars
    #expect(lse[0].isNaN && lse[1].isFinite)
    let soft = x.softmax(alongAxis: 1).scalars
    #expect(soft[0..<3].allSatisfy { $0.isNaN } && soft[3..<6].allSatisfy { $0.isFinite })
    #expect(x.sum().scalar.isNaN && x.mean(alongAxis: 1).scalars[0].isNaN)
  }

  @Test func clampAndAbsKeepNaN() {
    let x = Tensor([nan, -3, 0.5, 4])
    let c = x.clamped(min: -1, max: 1).scalars
    #expect(c[0].isNaN && c[1] == -1 && c[2] == 0.5 && c[3] == 1)
    let a = x.abs().scalars
    #expect(a[0].isNaN && a[1] == 3)
    let (_, g) = valueWithGradient(at: [x]) { $0[0].abs().sum() }
    #expect(g[0].scalars[0].isNaN && g[0].scalars[1] == -1 && g[0].scalars[2] == 1)
  }

  /// The finite path is unchanged: hand-computed values, ties going to the first argument.
  @Test func finiteInputsGiveTheSameResultsAsBefore() {
    let a = Tensor([1, 2, 2, -1])
    let b = Tensor([2, 1, 2, -1])
    #expect(Tensor.maximum(a, b).scalars == [2, 2, 2, -1])
    #expect(Tensor.minimum(a, b).scalars == [1, 1, 2, -1])
    let (_, g) = valueWithGradient(at: [a, b]) { Tensor.maximum($0[0], $0[1]).sum() }
    #expect(g[0].scalars == [0, 1, 1, 1] && g[1].scalars == [1, 0, 0, 0])
    let x = Tensor(shape: [2, 3], scalars: [1, 3, 3, -2, -5, -5])
    #expect(x.max(alongAxis: 1).scalars == [3, -2] && x.argmax(alongAxis: 1) == [1, 0])
    #expect(x.argmin(alongAxis: 1) == [0, 1])
    #expect(Tensor([-0.0, 0.0]).relu().scalars.map(\.bitPattern) == [Float(0).bitPattern, Float(0).bitPattern])
  }
}
