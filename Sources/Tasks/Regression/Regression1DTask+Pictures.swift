import EBMProtocols
import Foundation
import Tensors

extension Regression1DTask {
  /// Writes `<prefix>-density.png`: the model's p(y | x) as a heat map over the (x, y) plane
  /// with the training data on top (left), beside the true density (right). Each column is
  /// a density over y, shown on one colour scale per panel.
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
    let panel = 320.0
    let margin = 20.0
    var image = RasterImage(width: Int(3 * margin + 2 * panel), height: Int(2 * margin + panel))
    let left = PlotFrame(xRange: -3...3, yRange: -3...3, left: margin, top: margin, width: panel, height: panel)
    let right = PlotFrame(xRange: -3...3, yRange: -3...3, left: 2 * margin + panel, top: margin, width: panel, height: panel)
    image.heatMap(predicted, in: left, low: 0)
    image.heatMap(truth, in: right, low: 0)
    if let x = data.train.x {
      for (xv, yv) in zip(x.scalars, data.train.y.scalars) where abs(yv) <= 3 {
        let p = left.pixel(x: Double(xv), y: Double(yv))
        image.fillDisc(cx: p.x, cy: p.y, radius: 1, .red, alpha: 0.5)
      }
    }
    image.strokeRect(x0: Int(margin), y0: Int(margin), x1: Int(margin + panel), y1: Int(margin + panel), .black)
    image.strokeRect(
      x0: Int(2 * margin + panel), y0: Int(margin), x1: Int(2 * margin + 2 * panel), y1: Int(margin + panel), .black)
    let url = directory.appendingPathComponent("\(prefix)-density.png")
    try image.writePNG(to: url)
    return [url]
  }
}
