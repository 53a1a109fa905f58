import Foundation
import Tensors
import EBMProtocols

/// The picture of a 2-D energy: two panels over [−4.5, 4.5]², each with the model density
/// exp(−E) (normalised to a maximum of 1) as a viridis heat map; the left panel overlays
/// held-out data (white), the right one the model's samples (orange); axes, ticks, titles and
/// a colour bar in the bitmap font.
public enum Toy2DPicture {
  /// Half-width of the plotted square.
  public static let extent = 4.5
  /// Grid cells per side for the heat map.
  public static let resolution = 160

  /// The image (two 400×400 panels).
  public static func render(model: TrainedEnergy, data: Tensor, samples: Tensor, title: String) -> RasterImage {
    let panel = 400
    let left = 50
    let gap = 60
    let top = 28
    var image = RasterImage(width: left + 2 * panel + gap + 70, height: top + panel + 36)
    let range = -extent...extent
    let r = resolution
    // Grid points, row 0 at the top (largest y).
    var grid = [Float]()
    grid.reserveCapacity(2 * r * r)
    for row in 0..<r {
      let y = extent - (Double(row) + 0.5) * 2 * extent / Double(r)
      for column in 0..<r {
        let x = -extent + (Double(column) + 0.5) * 2 * extent / Double(r)
        grid += [Float(x), Float(y)]
      }
    }
    let energies = model(x: nil, y: Tensor(shape: [r * r, 2], scalars: grid)).scalars.map(Double.init)
    let finite = energies.filter(\.isFinite)
    let lowest = finite.min() ?? 0
    let density = energies.map { $0.isFinite ? Foundation.exp(-($0 - lowest)) : 0 }
    let values = (0..<r).map { row in Array(density[(row * r)..<((row + 1) * r)]) }
    for (index, points, color) in [(0, data, RGB.white), (1, samples, RGB.orange)] {
      let frame = PlotFrame(
        xRange: range, yRange: range, left: Double(left + index * (panel + gap)), top: Double(top),
        width: Double(panel), height: Double(panel))
      image.heatMap(values, in: frame, low: 0, high: 1)
      let n = points.shape[0]
      for i in 0..<n {
        let px = Double(points.scalars[2 * i])
        let py = Double(points.scalars[2 * i + 1])
        guard px.isFinite, py.isFinite, range.contains(px), range.contains(py) else { continue }
        let p = frame.pixel(x: px, y: py)
        image.fillDisc(cx: p.x, cy: p.y, radius: 1.6, color, alpha: 0.8)
      }
      image.drawAxes(
        frame, xLabel: "x1", yLabel: "x2",
        title: index == 0 ? "\(title): exp(-E), held-out data (white)" : "model samples (orange)")
    }
    image.drawColourBar(
      x: left + 2 * panel + gap + 8, top: top, width: 12, height: panel, low: 0, high: 1, label: "exp(-E)/max")
    return image
  }
}
