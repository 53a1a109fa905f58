import Foundation

/// Overlaid histograms of two score samples (ID vs OOD) as an SVG document.
enum EnergyHistogram {
  static func svg(inlier: [Double], outlier: [Double], title: String, outlierName: String, bins: Int = 40) -> SVGDocument {
    let all = inlier + outlier
    let low = all.min() ?? 0
    var high = all.max() ?? 1
    if high <= low { high = low + 1 }
    func counts(_ values: [Double]) -> [Double] {
      var c = [Double](repeating: 0, count: bins)
      for v in values { c[min(bins - 1, Int((v - low) / (high - low) * Double(bins)))] += 1 }
      return c.map { $0 / Double(max(values.count, 1)) }
    }
    let a = counts(inlier)
    let b = counts(outlier)
    let top = max(a.max() ?? 1, b.max() ?? 1, 1e-9)
    let frame = PlotFrame(xRange: low...high, yRange: 0...top, left: 50, top: 30, width: 520, height: 260)
    var doc = SVGDocument(width: 600, height: 340)
    doc.text(title, x: 300, y: 18, size: 13, anchor: .middle)
    let binWidth = (high - low) / Double(bins)
    for (values, color) in [(a, RGB.blue), (b, RGB.orange)] {
      for (i, v) in values.enumerated() where v > 0 {
        let p0 = frame.pixel(x: low + Double(i) * binWidth, y: v)
        let p1 = frame.pixel(x: low + Double(i + 1) * binWidth, y: 0)
        doc.rect(x: p0.x, y: p0.y, width: p1.x - p0.x, height: p1.y - p0.y, fill: color, opacity: 0.5)
      }
    }
    let origin = frame.pixel(x: low, y: 0)
    let end = frame.pixel(x: high, y: 0)
    doc.line(x1: origin.x, y1: origin.y, x2: end.x, y2: end.y, stroke: .black)
    doc.text(String(format: "%.2f", low), x: origin.x, y: origin.y + 16, size: 10, anchor: .start)
    doc.text(String(format: "%.2f", high), x: end.x, y: end.y + 16, size: 10, anchor: .end)
    doc.text("free energy E(x) (higher = more OOD)", x: 310, y: 330, size: 11, anchor: .middle)
    doc.rect(x: 440, y: 40, width: 12, height: 12, fill: .blue, opacity: 0.5)
    doc.text("ID test", x: 458, y: 50, size: 11)
    doc.rect(x: 440, y: 58, width: 12, height: 12, fill: .orange, opacity: 0.5)
    doc.text(outlierName, x: 458, y: 68, size: 11)
    return doc
  }
}
