import EBMProtocols
import Foundation
import Tensors

extension DigitsClassificationTask {
  /// Test digits shown in the energy picture.
  static let pictureDigits = 6

  /// `<prefix>energies.svg` (and a PNG twin without text): for the first few test digits, the digit and a bar per label of
  /// its energy E(Y, X) (the correct label in green, argmin_Y E outlined in red). Bars share
  /// one scale per picture, from the lowest energy shown over max(1, highest − lowest), so a
  /// collapsed model shows flat rows; each row also prints its spread max_Y E − min_Y E.
  public func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL] {
    guard let x = data.test.x, let labels = data.test.labels else { return [] }
    let k = DigitsClassificationTask.labelCount
    let rows = min(DigitsClassificationTask.pictureDigits, labels.count)
    let picked = Array(0..<rows)
    let energies = model.labelTable(x: x.indexSelect(picked), labelCount: k).scalars
    let finite = energies.filter(\.isFinite)
    let low = Double(finite.min() ?? 0)
    let high = Double(finite.max() ?? 1)
    // At least one energy unit, so that a collapsed model (spread ≪ 1) shows flat rows instead
    // of magnified noise.
    let range = max(high - low, 1)

    let (pixel, rowHeight, barWidth, left, top) = (4.0, 48.0, 22.0, 60.0, 40.0)
    let width = left + Double(k) * barWidth + 150
    var svg = SVGDocument(width: width, height: top + Double(rows) * rowHeight + 30)
    let title = prefix.hasSuffix("-") ? String(prefix.dropLast()) : prefix
    svg.text("\(title): energies E(Y, X) per label (green: correct, red outline: argmin)", x: 8, y: 18, size: 12)
    svg.text(String(format: "bar scale: %.4g … %.4g", low, low + range), x: 8, y: 32, size: 10, color: .gray)
    for r in 0..<rows {
      let y0 = top + Double(r) * rowHeight
      for p in 0..<64 {
        let v = Double(x.scalars[picked[r] * 64 + p])
        let g = UInt8(max(0, min(255, 255 * (1 - v))))
        svg.rect(x: 8 + Double(p % 8) * pixel, y: y0 + Double(p / 8) * pixel, width: pixel, height: pixel, fill: RGB(g, g, g))
      }
      let row = Array(energies[(r * k)..<(r * k + k)])
      let best = row.indices.min { row[$0] < row[$1] } ?? 0
      for j in 0..<k {
        let e = Double(row[j])
        let h = e.isFinite ? max(3, (rowHeight - 14) * (e - low) / range) : 0
        let bx = left + Double(j) * barWidth
        svg.rect(
          x: bx + 2, y: y0 + rowHeight - 12 - h, width: barWidth - 4, height: h,
          fill: j == labels[picked[r]] ? .green : .gray, stroke: j == best ? .red : nil)
        svg.text("\(j)", x: bx + barWidth / 2, y: y0 + rowHeight - 2, size: 9, anchor: .middle)
      }
      let spread = (row.max() ?? 0) - (row.min() ?? 0)
      svg.text(String(format: "spread %.3g", Double(spread)), x: left + Double(k) * barWidth + 8, y: y0 + rowHeight / 2, size: 10)
    }
    let url = directory.appendingPathComponent("\(prefix)energies.svg")
    try svg.write(to: url)
    let png = directory.appendingPathComponent("\(prefix)energies.png")
    try raster(pixels: x, picked: picked, labels: labels, energies: energies, low: low, range: range).writePNG(to: png)
    return [url, png]
  }

  /// The same picture as a PNG without text (digits, then one bar per label 0…9 from the left).
  func raster(pixels x: Tensor, picked: [Int], labels: [Int], energies: [Float], low: Double, range: Double) -> RasterImage {
    let k = DigitsClassificationTask.labelCount
    let (pixel, rowHeight, barWidth, left, top) = (6, 60, 24, 64, 8)
    var image = RasterImage(width: left + k * barWidth + 8, height: top + picked.count * rowHeight + 8)
    for (r, index) in picked.enumerated() {
      let y0 = top + r * rowHeight
      for p in 0..<64 {
        let g = UInt8(max(0, min(255, 255 * (1 - Double(x.scalars[index * 64 + p])))))
        let (px, py) = (8 + (p % 8) * pixel, y0 + (p / 8) * pixel)
        image.fillRect(x0: px, y0: py, x1: px + pixel, y1: py + pixel, RGB(g, g, g))
      }
      let row = Array(energies[(r * k)..<(r * k + k)])
      let best = row.indices.min { row[$0] < row[$1] } ?? 0
      let baseline = y0 + rowHeight - 8
      image.drawLine(x0: Double(left), y0: Double(baseline), x1: Double(left + k * barWidth), y1: Double(baseline), .black)
      for j in 0..<k {
        let e = Double(row[j])
        let h = e.isFinite ? max(3, Int(Double(rowHeight - 16) * (e - low) / range)) : 0
        let bx = left + j * barWidth
        image.fillRect(x0: bx + 3, y0: baseline - h, x1: bx + barWidth - 3, y1: baseline, j == labels[index] ? .green : .gray)
        if j == best { image.strokeRect(x0: bx + 2, y0: baseline - h - 1, x1: bx + barWidth - 3, y1: baseline, .red) }
      }
    }
    return image
  }
}
