import EBMProtocols
import Foundation
import Tensors

/// A conditional energy's normalised log-density log p(y | x) on a grid: for each x of
/// `xs`, the log-softmax of −E(x, y) over the y grid (a discrete distribution over the grid
/// points, as in the paper's evaluation). The grid is evaluated in batches of x values, every
/// y grid point as one candidate of that x, without recording gradients.
public struct ConditionalDensityGrid: Sendable {
  /// The x values (rows).
  public let xs: [Float]
  /// The y grid (columns).
  public let ys: [Float]
  /// log p(y_j | x_i), row-major `[xs.count, ys.count]`.
  public let logProbabilities: [Float]

  /// Evaluates `model` on the grid, `chunk` x values per energy call.
  public init(model: TrainedEnergy, xs: [Float], ys: [Float], chunk: Int = 32) {
    self.xs = xs
    self.ys = ys
    let ny = ys.count
    var out = [Float](repeating: 0, count: xs.count * ny)
    let yRow = Tensor(shape: [1, ny, 1], scalars: ys)
    var start = 0
    while start < xs.count {
      let end = min(xs.count, start + chunk)
      let rows = end - start
      let x = Tensor(shape: [rows, 1], scalars: Array(xs[start..<end]))
      let logp = withoutGradients {
        (-model.energy.energy(x: x, y: yRow.expanded(to: [rows, ny, 1]), parameters: model.parameters))
          .logSoftmax(alongAxis: 1)
      }
      out.replaceSubrange((start * ny)..<(end * ny), with: logp.scalars)
      start = end
    }
    logProbabilities = out
  }

  /// log p(y_j | x_i).
  public subscript(row: Int, column: Int) -> Float { logProbabilities[row * ys.count + column] }
}
