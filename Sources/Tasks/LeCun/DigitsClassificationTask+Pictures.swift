import EBMProtocols
import Foundation
import Tensors

extension DigitsClassificationTask {
  /// Test digits shown in the energy picture.
  static let pictureDigits = 6

  /// `<prefix>energies.svg`: for the first few test digits, the digit and a bar per label of
  /// its energy E(Y, X) (the correct label in green, argmin_Y E outlined in red). Bars share
  /// one scale per picture, from the lowest to the highest energy shown, so a collapsed model
  /// shows flat rows; each row also prints its spread max_Y E − min_Y E.
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
    let range = max(high - low, 1e-12)

    let (pixel, rowHeight, barWidth, left, top) = (4.0, 48.0, 22.0, 60.0, 40.0)
    let width = left + Double(k) * barWidth + 150
    var svg = SVGDocument(width: width, height: top + Double(rows) * rowHeight + 30)
    svg.text("\(prefix) energies E(Y, X) per label (green: correct, red outline: argmin)", x: 8, y: 18, size: 12)
    svg.text(String(format: "bar scale: %.4g … %.4g", low, high), x: 8, y: 32, size: 10, color: .gray)
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
        let h = e.isFinite ? max(1, (rowHeight - 14) * (e - low) / range) : 0
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
    return [url]
  }
}
