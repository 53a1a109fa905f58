import Foundation
import Images

/// An RGB raster with simple drawing (pixels, rectangles, discs, lines, heat maps) and a PNG
/// encoder of our own, so pictures need no packages.
public struct RasterImage: Sendable {
  public let width: Int
  public let height: Int
  /// Row-major RGB triples.
  public private(set) var pixels: [UInt8]

  public init(width: Int, height: Int, background: RGB = .white) {
    precondition(width > 0 && height > 0, "RasterImage needs a positive size")
    self.width = width
    self.height = height
    pixels = [UInt8](repeating: 0, count: width * height * 3)
    for i in 0..<(width * height) {
      pixels[3 * i] = background.r
      pixels[3 * i + 1] = background.g
      pixels[3 * i + 2] = background.b
    }
  }

  /// Sets one pixel (ignored outside the image); `alpha` blends over what is there.
  public mutating func set(x: Int, y: Int, _ color: RGB, alpha: Double = 1) {
    guard x >= 0, y >= 0, x < width, y < height else { return }
    let i = 3 * (y * width + x)
    if alpha >= 1 {
      pixels[i] = color.r
      pixels[i + 1] = color.g
      pixels[i + 2] = color.b
    } else {
      func blend(_ old: UInt8, _ new: UInt8) -> UInt8 {
        UInt8((Double(old) * (1 - alpha) + Double(new) * alpha).rounded())
      }
      pixels[i] = blend(pixels[i], color.r)
      pixels[i + 1] = blend(pixels[i + 1], color.g)
      pixels[i + 2] = blend(pixels[i + 2], color.b)
    }
  }

  /// The colour at a pixel.
  public func color(x: Int, y: Int) -> RGB {
    let i = 3 * (y * width + x)
    return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
  }

  /// Fills the pixel rectangle [x0, x1) × [y0, y1).
  public mutating func fillRect(x0: Int, y0: Int, x1: Int, y1: Int, _ color: RGB, alpha: Double = 1) {
    for y in max(0, y0)..<min(height, max(y1, 0)) {
      for x in max(0, x0)..<min(width, max(x1, 0)) { set(x: x, y: y, color, alpha: alpha) }
    }
  }

  /// A filled disc centred at pixel coordinates (cx, cy).
  public mutating func fillDisc(cx: Double, cy: Double, radius: Double, _ color: RGB, alpha: Double = 1) {
    let r2 = radius * radius
    for y in Int((cy - radius).rounded(.down))...Int((cy + radius).rounded(.up)) {
      for x in Int((cx - radius).rounded(.down))...Int((cx + radius).rounded(.up)) {
        let dx = Double(x) + 0.5 - cx
        let dy = Double(y) + 0.5 - cy
        if dx * dx + dy * dy <= r2 { set(x: x, y: y, color, alpha: alpha) }
      }
    }
  }

  /// A one-pixel line between pixel coordinates.
  public mutating func drawLine(x0: Double, y0: Double, x1: Double, y1: Double, _ color: RGB) {
    let steps = max(1, Int(max(Swift.abs(x1 - x0), Swift.abs(y1 - y0)).rounded(.up)))
    for s in 0...steps {
      let t = Double(s) / Double(steps)
      set(x: Int((x0 + (x1 - x0) * t).rounded(.down)), y: Int((y0 + (y1 - y0) * t).rounded(.down)), color)
    }
  }

  /// A rectangle outline.
  public mutating func strokeRect(x0: Int, y0: Int, x1: Int, y1: Int, _ color: RGB) {
    drawLine(x0: Double(x0), y0: Double(y0), x1: Double(x1), y1: Double(y0), color)
    drawLine(x0: Double(x0), y0: Double(y1), x1: Double(x1), y1: Double(y1), color)
    drawLine(x0: Double(x0), y0: Double(y0), x1: Double(x0), y1: Double(y1), color)
    drawLine(x0: Double(x1), y0: Double(y0), x1: Double(x1), y1: Double(y1), color)
  }

  /// Paints `values` (`rows × columns`, row 0 at the TOP) into the frame's rectangle with a
  /// colour map over [low, high] (default: the finite min and max of the values).
  public mutating func heatMap(
    _ values: [[Double]], in frame: PlotFrame, low: Double? = nil, high: Double? = nil,
    colormap: (Double) -> RGB = Colormap.viridis
  ) {
    let finite = values.joined().filter(\.isFinite)
    let lo = low ?? finite.min() ?? 0
    let hi = high ?? finite.max() ?? 1
    let span = hi - lo > 0 ? hi - lo : 1
    let rows = values.count
    guard rows > 0, let columns = values.first?.count, columns > 0 else { return }
    let x0 = Int(frame.left.rounded())
    let y0 = Int(frame.top.rounded())
    let w = Int(frame.width.rounded())
    let h = Int(frame.height.rounded())
    for py in 0..<h {
      let row = min(rows - 1, py * rows / max(h, 1))
      for px in 0..<w {
        let column = min(columns - 1, px * columns / max(w, 1))
        let v = values[row][column]
        set(x: x0 + px, y: y0 + py, v.isFinite ? colormap((v - lo) / span) : .black)
      }
    }
  }

  /// The image as PNG bytes (8-bit RGB, stored deflate blocks).
  public func pngData() -> Data { PNGEncoder.encode(rgb: pixels, width: width, height: height) }

  /// Writes the PNG atomically (temporary file, then rename).
  public func writePNG(to url: URL) throws { try pngData().write(to: url, options: .atomic) }
}
