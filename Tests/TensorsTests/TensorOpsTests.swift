import Foundation
import Testing
@testable import Tensors

@Suite struct TensorOpsTests {
  @Test func broadcastShapes() {
    #expect(Broadcasting.shape([3, 1], [1, 4]) == [3, 4])
    #expect(Broadcasting.shape([2, 3, 4], [4]) == [2, 3, 4])
    #expect(Broadcasting.shape([2, 1, 4], [3, 1]) == [2, 3, 4])
    #expect(Broadcasting.shape([], [5, 2]) == [5, 2])
    #expect(Broadcasting.shape([3], [4]) == nil)
    #expect(Broadcasting.shape([2, 3], [3, 3]) == nil)
  }

  @Test func broadcastArithmeticValues() {
    let a = Tensor([[1, 2, 3], [4, 5, 6]])
    #expect((a + Tensor([10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
    #expect((a * Tensor(shape: [2, 1], scalars: [2, 3])).scalars == [2, 4, 6, 12, 15, 18])
    #expect((Tensor(shape: [2, 1], scalars: [1, 2]) - Tensor([1, 2, 3])).scalars == [0, -1, -2, 1, 0, -1])
    let middle = Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]) + Tensor(shape: [3, 1], scalars: [10, 20, 30])
    #expect(middle.shape == [2, 3, 2])
    #expect(middle.scalars == [11, 12, 21, 22, 31, 32, 13, 14, 23, 24, 33, 34])
    #expect((a / 2).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
  }

  @Test func reductionsAgainstHandComputedValues() {
    let x = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
    #expect(x.sum().scalar == 21)
    #expect(x.mean().scalar == 3.5)
    #expect(x.sum(alongAxis: 0).scalars == [5, 7, 9])
    #expect(x.sum(alongAxis: 1).scalars == [9, 12])
    #expect(x.sum(alongAxis: 1, keepingDimensions: true).shape == [2, 1])
    #expect(x.max(alongAxis: 1).scalars == [5, 6])
    #expect(x.min(alongAxis: 0).scalars == [1, 2, 3])
    #expect(x.argmax(alongAxis: 1) == [1, 2])
    #expect(x.argmin(alongAxis: 0) == [0, 1, 0])
    #expect(Tensor([2, 7, 7, 1]).argmax(alongAxis: 0) == [1])  // first on ties
    #expect(x.max().scalar == 6 && x.min().scalar == 1)
    let lse = Tensor([[0, log(3)]]).logSumExp(alongAxis: 1).scalar
    #expect(Swift.abs(lse - log(4)) < 1e-6)
    // Stable for huge values where exp overflows.
    let big = Tensor([[1000, 1000]]).logSumExp(alongAxis: 1).scalar
    #expect(Swift.abs(big - (1000 + log(2))) < 1e-3)
    #expect(Tensor([[-Float.infinity, -Float.infinity]]).logSumExp(alongAxis: 1).scalar == -.infinity)
    #expect(Swift.abs(Tensor([1, 2, 3, 4]).variance().scalar - 1.25) < 1e-6)
    #expect(Swift.abs(Tensor([1, 2, 3, 4]).variance(unbiased: true).scalar - 5.0 / 3) < 1e-6)
  }

  @Test func shapeOperations() {
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(x.transposed().scalars == [1, 4, 2, 5, 3, 6])
    #expect(x.reshaped([3, -1]).shape == [3, 2])
    let cube = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
    let p = cube.permuted([2, 0, 1])
    #expect(p.shape == [4, 2, 3])
    #expect(p.scalars[0..<6] == [0, 4, 8, 12, 16, 20])
    #expect(Tensor.concatenate([x, x], alongAxis: 1).scalars == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
    #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])]).shape == [2, 2])
    #expect(x.slice(alongAxis: 1, 1..<3).scalars == [2, 3, 5, 6])
    #expect(x.indexSelect([1, 1, 0], alongAxis: 0).scalars == [4, 5, 6, 4, 5, 6, 1, 2, 3])
    #expect(x.gather(columns: [2, 0]).scalars == [3, 4])
    #expect(Tensor([1, 2]).expanded(to: [2, 2]).scalars == [1, 2, 1, 2])
    #expect(x.summed(toShape: [1, 3]).scalars == [5, 7, 9])
    #expect(Tensor.where(Tensor([1, 0, 1]), Tensor([1, 2, 3]), Tensor(0)).scalars == [1, 0, 3])
    #expect((Tensor([1, 2, 3]) .> Tensor(2)).scalars == [0, 0, 1])
  }

  @Test func creation() {
    #expect(Tensor.linspace(-1, 1, count: 5).scalars == [-1, -0.5, 0, 0.5, 1])
    #expect(Tensor.arange(0, 1, step: 0.25).scalars == [0, 0.25, 0.5, 0.75])
    #expect(Tensor.zeros([2, 2]).scalars == [0, 0, 0, 0])
    #expect(Tensor.full([3], 7).scalars == [7, 7, 7])
  }

  @Test func elementwiseMathValues() {
    let x = Tensor([-2, 0, 3])
    #expect(x.relu().scalars == [0, 0, 3])
    #expect(x.abs().scalars == [2, 0, 3])
    #expect(x.clamped(min: -1, max: 1).scalars == [-1, 0, 1])
    #expect(Swift.abs(Tensor([100]).softplus().scalar - 100) < 1e-4)
    #expect(Swift.abs(Tensor([0]).softplus().scalar - log(2)) < 1e-6)
    #expect(Swift.abs(Tensor([0]).sigmoid().scalar - 0.5) < 1e-7)
    #expect(Tensor([4]).sqrt().scalar == 2)
    #expect(Tensor([2]).pow(3).scalar == 8)
  }
}
