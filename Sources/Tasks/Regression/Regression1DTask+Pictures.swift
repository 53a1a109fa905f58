import EBMProtocols
import Foundation
import Tensors

extension Regression1DTask {
  /// Writes `<prefix>-density.png`: the model's p(y | x) as a heat map over the (x, y) plane
  /// with the training data on top (left), beside the true density (right), with axes, ticks,
  /// titles and one colour bar (both panels on the truth's scale). Each column is a density
  /// over y.
  public func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL] {
    let resolution = 256
    let axis = Tensor.linspace(-3, 3, count: resolution).scalars
    let densities = ConditionalDensityGrid(model: model, xs: axis, ys: axis)
    // Rows from the top (y = 3) down; values are probabilities per grid cell.
    var predicted = [[Double]](repeating: [Double](repeating: 0, count: resolution), count: resolution)
    var truth = predicted
    for column in 0..<resolution {
      var total = 0.0
      var columnTruth = [Double](repeating: 0, count: resolution)
      for row in 0..<resolution {
        columnTruth[row] = dataset.density(x: Double(axis[column]), y: Double(axis[row]))
        total += columnTruth[row]
      }
      for row in 0..<resolution {
        predicted[resolution - 1 - row][column] = Foundation.exp(Double(densities[column, row]))
        truth[resolution - 1 - row][column] = total > 0 ? columnTruth[row] / total : 0
      }
    }
    // Per-cell probabilities as densities in y, on one colour scale (the truth's maximum).
    let dy = 6 / Double(resolution - 1)
    predicted = predicted.map { $0.map { $0 / dy } }
    truth = truth.map { $0.map { $0 / dy } }
    let high = truth.joined().max() ?? 1
    let panel = 320.0
    let left = 50.0
    let gap = 60.0
    let top = 28.0
    var image = RasterImage(width: Int(left + 2 * panel + gap + 70), height: Int(top + panel + 36))
    let model = PlotFrame(xRange: -3...3, yRange: -3...3, left: left, top: top, width: panel, height: panel)
    let true_ = PlotFrame(xRange: -3...3, yRange: -3...3, left: left + panel + gap, top: top, width: panel, height: panel)
    image.heatMap(predicted, in: model, low: 0, high: high)
    image.heatMap(truth, in: true_, low: 0, high: high)
    if let x = data.train.x {
      for (xv, yv) in zip(x.scalars, data.train.y.scalars) where abs(yv) <= 3 {
        let p = model.pixel(x: Double(xv), y: Double(yv))
        image.fillDisc(cx: p.x, cy: p.y, radius: 1, .red, alpha: 0.5)
      }
    }
    image.drawAxes(model, xLabel: "x", yLabel: "y", title: "\(prefix): model p(y|x), training data (red)")
    image.drawAxes(true_, xLabel: "x", yLabel: "y", title: "true p(y|x)")
    image.drawColourBar(
      x: Int(left + 2 * panel + gap + 8), top: Int(top), width: 12, height: Int(panel), low: 0, high: high, label: "p(y|x)")
    let url = directory.appendingPathComponent("\(prefix)-density.png")
    try image.writePNG(to: url)
    return [url]
  }
}
