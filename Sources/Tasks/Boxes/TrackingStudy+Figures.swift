import EBMProtocols
import Foundation

extension TrackingStudy {
  /// The success plot (success rate over IoU thresholds, AUC in the legend) and the precision
  /// plot (precision over centre-error thresholds, precision at 20 px in the legend), one curve
  /// per method, averaged over seeds, as pytracking's `plot_results` draws them.
  public func figures(_ records: [StudyRecord]) -> [StudyFigure] {
    let shown = methods.map(\.rawValue).filter { m in records.contains { $0.label("method") == m && $0.series["success"] != nil } }
    guard !shown.isEmpty else { return [] }
    func meanCurve(_ method: String, _ key: String) -> [Double]? {
      let curves = records.filter { $0.label("method") == method }.compactMap { $0.series[key] }
      guard let count = curves.first?.count, curves.allSatisfy({ $0.count == count }) else { return nil }
      return (0..<count).map { j in curves.map { $0[j] }.reduce(0, +) / Double(curves.count) }
    }
    var success = SVGChart(
      title: "Success plot", xLabel: "overlap threshold (IoU)", yLabel: "success rate (%)", xRange: 0...1, yRange: 0...100,
      width: 460, height: 340)
    var precision = SVGChart(
      title: "Precision plot", xLabel: "location error threshold (px)", yLabel: "precision (%)", xRange: 0...50,
      yRange: 0...100, width: 460, height: 340)
    for (k, method) in shown.enumerated() {
      let dashed = k >= 8
      if let curve = meanCurve(method, "success") {
        let auc = curve.reduce(0, +) / Double(curve.count)
        success.line(
          Array(zip(TrackingEvaluation.overlapThresholds, curve)), color: RGB.palette(k),
          label: "\(method) [\(String(format: "%.1f", auc))]", dashed: dashed)
      }
      if let curve = meanCurve(method, "precision") {
        let at20 = curve.count > 20 ? curve[20] : .nan
        precision.line(
          Array(zip(TrackingEvaluation.centerThresholds, curve)), color: RGB.palette(k),
          label: "\(method) [\(String(format: "%.1f", at20))]", dashed: dashed)
      }
    }
    return [
      StudyFigure(
        name: "success-plot", caption: "Success plot: fraction of frames with IoU above each threshold, mean over seeds; AUC in brackets.",
        svg: success.svg),
      StudyFigure(
        name: "precision-plot",
        caption: "Precision plot: fraction of frames with centre error within each threshold, mean over seeds; precision at 20 px in brackets.",
        svg: precision.svg),
    ]
  }
}
