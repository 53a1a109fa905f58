import EBMProtocols
import Foundation

extension Regression1DStudy {
  /// The study's figures: KL per method with ± one standard deviation over seeds, a series
  /// per dataset (the paper's Table 1 as a plot); and the model densities p(y | x) of seed 0,
  /// every method beside the true density, one row per dataset (the paper's Figure 3).
  public func figures(_ records: [StudyRecord]) -> [StudyFigure] {
    var figures: [StudyFigure] = []
    let shownMethods = methods.filter { m in records.contains { $0.label("method") == m } }
    guard !shownMethods.isEmpty else { return [] }
    var chart = SVGChart(
      title: "KL divergence to the true density", xLabel: "training method", yLabel: "KL (mean ± std over seeds)",
      xRange: -0.5...(Double(shownMethods.count) - 0.5),
      yRange: 0...1, xCategories: shownMethods, width: max(460, 80 * Double(shownMethods.count)), height: 340)
    var highest = 0.0
    for (d, dataset) in datasets.enumerated() {
      var bars: [(x: Double, mean: Double, std: Double)] = []
      for (m, method) in shownMethods.enumerated() {
        let values = records.filter { $0.label("method") == method && $0.label("dataset") == String(dataset) }.compactMap { $0.value("kl") }
        guard let stats = StudyRunner.meanAndStandardDeviation(values) else { continue }
        let offset = datasets.count > 1 ? (Double(d) / Double(datasets.count - 1) - 0.5) * 0.3 : 0
        bars.append((Double(m) + offset, stats.mean, stats.std))
        highest = max(highest, stats.mean + stats.std)
      }
      chart.errorBars(bars, color: RGB.palette(d), label: "dataset \(dataset)")
    }
    chart.yRange = 0...(highest > 0 ? highest * 1.12 : 1)
    figures.append(StudyFigure(name: "kl-per-method", caption: "KL divergence per method and dataset: mean ± standard deviation over seeds.", svg: chart.svg))

    var panels: [SVGChart] = []
    let axis = Self.densityAxis
    let n = Self.densityResolution
    for dataset in datasets {
      guard let truthSet = Regression1DDataset(rawValue: dataset) else { continue }
      // Rows from the top (y = 3) down, columns x.
      var truth = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
      for c in 0..<n {
        let column = (0..<n).map { truthSet.density(x: axis[c], y: axis[$0]) }
        let total = column.reduce(0, +) * (6 / Double(n - 1))
        for r in 0..<n { truth[n - 1 - r][c] = total > 0 ? column[r] / total : 0 }
      }
      var shown: [(String, [[Double]])] = [("true density", truth)]
      for method in shownMethods {
        guard let record = records.first(where: { $0.label("method") == method && $0.label("dataset") == String(dataset) && $0.series["density"]?.count == n * n }) else { continue }
        let values = record.series["density"]!
        var grid = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for c in 0..<n { for r in 0..<n { grid[n - 1 - r][c] = values[c * n + r] } }
        shown.append(("\(method) (seed \(record.seed))", grid))
      }
      guard shown.count > 1 else { continue }
      let high = truth.joined().filter(\.isFinite).max() ?? 1
      for (title, grid) in shown {
        var panel = SVGChart(title: "dataset \(dataset): \(title)", xLabel: "x", yLabel: "y", xRange: -3...3, yRange: -3...3, width: 300, height: 260)
        panel.heatMap(grid, low: 0, high: high, label: "p(y | x)")
        panels.append(panel)
      }
    }
    if !panels.isEmpty {
      figures.append(
        StudyFigure(
          name: "densities", caption: "p(y | x) of each method (seed 0) beside the true density; one colour scale per dataset (the truth's maximum).",
          svg: SVGChart.grid(panels, title: "Model densities and the truth", columns: shownMethods.count + 1)))
    }
    return figures
  }
}
