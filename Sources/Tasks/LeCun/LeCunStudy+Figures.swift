import EBMProtocols
import Foundation
import Tensors

extension LeCunStudy {
  /// Mean energy E(Y, X) over the test digits of each true class, row-major
  /// `[true class, label Y]` (10 × 10), for the study figure.
  static func meanEnergyPerLabel(_ model: TrainedEnergy, pipeline: Pipeline) throws -> [Double] {
    let data = try pipeline.makeData()
    guard let x = data.test.x, let labels = data.test.labels else { return [] }
    let k = DigitsClassificationTask.labelCount
    let energies = model.labelTable(x: x, labelCount: k).scalars
    var sums = [Double](repeating: 0, count: k * k)
    var counts = [Double](repeating: 0, count: k)
    for (i, label) in labels.enumerated() {
      counts[label] += 1
      for j in 0..<k { sums[label * k + j] += Double(energies[i * k + j]) }
    }
    return sums.indices.map { counts[$0 / k] > 0 ? sums[$0] / counts[$0 / k] : .nan }
  }

  /// Energies per label per loss: for every loss and architecture (seed 0) the mean energy of
  /// each label Y over the test digits of each true class. A working loss shows a dark
  /// diagonal (the correct label lowest); a collapsed one a uniform square.
  public func figures(_ records: [StudyRecord]) -> [StudyFigure] {
    let k = DigitsClassificationTask.labelCount
    var panels: [SVGChart] = []
    for record in records where record.series["label_energy"]?.count == k * k {
      let values = record.series["label_energy"]!
      let finite = values.filter(\.isFinite)
      guard let low = finite.min(), let high = finite.max() else { continue }
      var panel = SVGChart(
        title: "\(record.label("loss") ?? "") · \(record.label("architecture") ?? "")", xLabel: "label Y", yLabel: "true digit",
        xRange: -0.5...(Double(k) - 0.5), yRange: -0.5...(Double(k) - 0.5), width: 300, height: 270)
      // Row 0 at the top is digit 9, so that digit 0 sits at the bottom of the y axis.
      panel.heatMap((0..<k).map { row in Array(values[((k - 1 - row) * k)..<((k - row) * k)]) }, low: low, high: high, label: "mean E(Y, X)")
      panels.append(panel)
    }
    guard !panels.isEmpty else { return [] }
    return [
      StudyFigure(
        name: "label-energies", caption: "Mean energy of each label Y over the test digits of each true class (seed 0), per loss and architecture; each panel on its own colour scale.",
        svg: SVGChart.grid(panels, title: "Energies per label per loss", columns: min(4, panels.count)))
    ]
  }
}
