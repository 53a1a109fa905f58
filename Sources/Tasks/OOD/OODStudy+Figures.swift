import EBMProtocols
import Foundation
import Tensors

extension OODStudy {
  /// Bins of the study's energy histograms.
  static let histogramBins = 40

  /// Seed-0 figure data per OOD set: the ROC curve of the method's score (OOD positive;
  /// `roc_fpr`, `roc_tpr`, at most 201 points) and histograms of the free energy
  /// −logsumexp(−E) (T = 1) of the ID test set and of the OOD set over common bins
  /// (`energy_edges`, `energy_id`, `energy_ood`, as fractions of each set).
  static func figureSeries(_ model: TrainedEnergy, data: TaskData, score: OODScore) throws -> [String: [String: [Double]]] {
    guard let testEnergies = model.labelEnergies(x: data.test.x!) else { return [:] }
    let inlier = score.scores(labelEnergies: testEnergies)
    let freeEnergy = OODScore.energy(temperature: 1)
    let inlierEnergy = freeEnergy.scores(labelEnergies: testEnergies)
    var out: [String: [String: [Double]]] = [:]
    for (name, set) in data.extra {
      guard let energies = model.labelEnergies(x: set.x!) else { continue }
      let outlier = score.scores(labelEnergies: energies)
      let thresholds = OODMetrics.distinctThresholds(positive: outlier, negative: inlier)
      let stride = max(1, thresholds.count / 200)
      var fpr = [0.0]
      var tpr = [0.0]
      for (i, t) in thresholds.enumerated() where i % stride == 0 || i == thresholds.count - 1 {
        fpr.append(Double(t.fp) / Double(inlier.count))
        tpr.append(Double(t.tp) / Double(outlier.count))
      }
      let outlierEnergy = freeEnergy.scores(labelEnergies: energies)
      let all = (inlierEnergy + outlierEnergy).filter(\.isFinite)
      let low = all.min() ?? 0
      let high = max(all.max() ?? 1, low + 1e-6)
      let edges = (0...histogramBins).map { low + (high - low) * Double($0) / Double(histogramBins) }
      func fractions(_ values: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: histogramBins)
        for v in values where v.isFinite { counts[min(histogramBins - 1, Int((v - low) / (high - low) * Double(histogramBins)))] += 1 }
        return counts.map { $0 / Double(max(values.count, 1)) }
      }
      out[name] = [
        "roc_fpr": fpr, "roc_tpr": tpr, "energy_edges": edges, "energy_id": fractions(inlierEnergy),
        "energy_ood": fractions(outlierEnergy),
      ]
    }
    return out
  }

  /// ROC curves of every method per OOD set, and free-energy histograms (ID against OOD) per
  /// method, from seed 0.
  public func figures(_ records: [StudyRecord]) -> [StudyFigure] {
    var figures: [StudyFigure] = []
    var rocPanels: [SVGChart] = []
    for set in OODDigitsTask.oodSets {
      var chart = SVGChart(
        title: "ROC, ID test vs \(set.name)", xLabel: "false positive rate (ID flagged as OOD)", yLabel: "true positive rate (OOD)",
        xRange: 0...1, yRange: 0...1, width: 420, height: 360)
      var any = false
      for (m, method) in methods.enumerated() {
        guard let record = records.first(where: { $0.label("method") == method && $0.label("ood_set") == set.name && $0.series["roc_fpr"] != nil }) else { continue }
        let auroc = record.value("auroc").map { String(format: " (AUROC %.1f)", $0) } ?? ""
        chart.line(Array(zip(record.series["roc_fpr"]!, record.series["roc_tpr"] ?? [])), color: RGB.palette(m), label: method + auroc)
        any = true
      }
      chart.line([(0, 0), (1, 1)], color: .gray, dashed: true)
      if any { rocPanels.append(chart) }
    }
    if !rocPanels.isEmpty {
      figures.append(
        StudyFigure(name: "roc", caption: "ROC curves of each method's OOD score (seed 0), one panel per OOD set.", svg: SVGChart.grid(rocPanels, title: "ROC curves per method", columns: 2)))
    }
    var histogramPanels: [SVGChart] = []
    for set in OODDigitsTask.oodSets {
      for method in methods {
        guard let record = records.first(where: { $0.label("method") == method && $0.label("ood_set") == set.name }),
          let edges = record.series["energy_edges"], let id = record.series["energy_id"], let ood = record.series["energy_ood"],
          edges.count == id.count + 1, id.count == ood.count
        else { continue }
        var chart = SVGChart(
          title: "\(method): ID vs \(set.name)", xLabel: "free energy −logsumexp(−E)", yLabel: "fraction of the set",
          xRange: edges.first!...edges.last!, yRange: 0...((id + ood).max() ?? 1) * 1.1, width: 340, height: 260)
        chart.histogram(edges: edges, heights: id, color: .blue, label: "ID test")
        chart.histogram(edges: edges, heights: ood, color: .red, label: "OOD (\(set.name))")
        histogramPanels.append(chart)
      }
    }
    if !histogramPanels.isEmpty {
      figures.append(
        StudyFigure(
          name: "energy-histograms", caption: "Free energy (T = 1) of the ID test digits and of each OOD set, per method (seed 0).",
          svg: SVGChart.grid(histogramPanels, title: "Energy histograms", columns: min(4, methods.count))))
    }
    return figures
  }
}
