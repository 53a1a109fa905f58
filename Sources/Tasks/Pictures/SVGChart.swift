import Foundation

/// One panel of a figure as matplotlib would draw it: a frame with x and y axes, ticks at
/// "nice" numbers (or named categories), axis labels, a title, a legend when several series
/// are labelled, and for heat maps a colour bar. Series are lines, scatter points, error
/// bars (mean ± std), histograms (steps) and one heat map. ``svg`` gives a standalone document;
/// ``grid(_:title:columns:)`` lays several panels out as one figure.
public struct SVGChart: Sendable {
  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var xRange: ClosedRange<Double>
  public var yRange: ClosedRange<Double>
  /// Named x positions (e.g. methods at 0, 1, 2, …) instead of numeric ticks.
  public var xCategories: [String]?
  public var width: Double
  public var height: Double

  enum Mark: Sendable {
    case line([(Double, Double)], RGB, dashed: Bool)
    case points([(Double, Double)], RGB, radius: Double, opacity: Double)
    case errorBars([(x: Double, mean: Double, std: Double)], RGB)
    case steps(edges: [Double], heights: [Double], RGB, filled: Bool)
  }

  struct Heat: Sendable {
    var values: [[Double]]
    var low: Double
    var high: Double
    var label: String
  }

  var marks: [Mark] = []
  var legend: [(label: String, color: RGB, kind: LegendKind)] = []
  var heat: Heat?

  enum LegendKind: Sendable { case line, point, box }

  public init(
    title: String, xLabel: String, yLabel: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
    xCategories: [String]? = nil, width: Double = 420, height: Double = 320
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xRange = xRange.lowerBound < xRange.upperBound ? xRange : (xRange.lowerBound - 1)...(xRange.upperBound + 1)
    self.yRange = yRange.lowerBound < yRange.upperBound ? yRange : (yRange.lowerBound - 1)...(yRange.upperBound + 1)
    self.xCategories = xCategories
    self.width = width
    self.height = height
  }

  /// A range covering `values` with a 5 % margin on each side (and `including` points).
  public static func paddedRange(_ values: [Double], including: [Double] = []) -> ClosedRange<Double> {
    let finite = (values + including).filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
    let pad = hi > lo ? 0.05 * (hi - lo) : max(1e-3, abs(hi) * 0.1)
    return (lo - (including.contains(lo) ? 0 : pad))...(hi + pad)
  }

  private mutating func addLegend(_ label: String?, _ color: RGB, _ kind: LegendKind) {
    if let label, !legend.contains(where: { $0.label == label }) { legend.append((label, color, kind)) }
  }

  public mutating func line(_ points: [(Double, Double)], color: RGB, label: String? = nil, dashed: Bool = false) {
    marks.append(.line(points, color, dashed: dashed))
    addLegend(label, color, .line)
  }

  public mutating func points(_ points: [(Double, Double)], color: RGB, label: String? = nil, radius: Double = 2, opacity: Double = 0.8) {
    marks.append(.points(points, color, radius: radius, opacity: opacity))
    addLegend(label, color, .point)
  }

  /// Markers at the means with bars of ± one standard deviation.
  public mutating func errorBars(_ values: [(x: Double, mean: Double, std: Double)], color: RGB, label: String? = nil) {
    marks.append(.errorBars(values, color))
    addLegend(label, color, .point)
  }

  /// A histogram: `heights[i]` over [edges[i], edges[i+1]].
  public mutating func histogram(edges: [Double], heights: [Double], color: RGB, label: String? = nil, filled: Bool = true) {
    precondition(edges.count == heights.count + 1, "histogram needs one more edge than heights")
    marks.append(.steps(edges: edges, heights: heights, color, filled: filled))
    addLegend(label, color, .box)
  }

  /// A heat map over the whole frame (`values[row][column]`, row 0 at the top) with a viridis
  /// colour bar from `low` to `high` labelled `label`.
  public mutating func heatMap(_ values: [[Double]], low: Double, high: Double, label: String) {
    heat = Heat(values: values, low: low, high: high < low ? low : high, label: label)
  }

  // MARK: Layout

  var frameLeft: Double { 62 }
  var frameTop: Double { title.isEmpty ? 14 : 34 }
  var frameRight: Double { width - (heat == nil ? 16 : 78) }
  var frameBottom: Double { height - 48 }

  /// Pixel x of data x (in the panel's coordinates).
  public func px(_ x: Double) -> Double {
    frameLeft + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (frameRight - frameLeft)
  }
  /// Pixel y of data y (down the panel).
  public func py(_ y: Double) -> Double {
    frameBottom - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (frameBottom - frameTop)
  }

  /// Tick values: multiples of 1, 2 or 5 × 10^k, about `count` intervals inside the range.
  public static func ticks(_ range: ClosedRange<Double>, count: Int = 5) -> [Double] {
    let span = range.upperBound - range.lowerBound
    guard span > 0, span.isFinite else { return [range.lowerBound] }
    let raw = span / Double(max(1, count))
    let magnitude = pow(10, floor(log10(raw)))
    // The finest of 1, 2, 5 × 10^k giving at most count + 1.5 intervals (so −3…3 gets 7 ticks).
    let step = [1.0, 2, 5, 10, 20].map { $0 * magnitude }.first { span / $0 <= Double(count) + 1.5 } ?? 20 * magnitude
    var ticks: [Double] = []
    var t = ceil(range.lowerBound / step - 1e-9) * step
    while t <= range.upperBound + step * 1e-9 {
      ticks.append(abs(t) < step * 1e-9 ? 0 : t)
      t += step
    }
    return ticks
  }

  /// Tick label text: as few decimals as the tick step needs.
  public static func tickLabel(_ value: Double, step: Double) -> String {
    if value != 0 && (abs(value) >= 1e5 || abs(value) < 1e-3) { return String(format: "%.0e", value) }
    let decimals = max(0, min(4, Int(-floor(log10(step) + 1e-9))))
    return String(format: "%.\(decimals)f", value)
  }

  static func f(_ v: Double) -> String { String(format: "%.1f", v) }
  static func escape(_ s: String) -> String { SVGDocument.escape(s) }

  func text(_ s: String, x: Double, y: Double, size: Double = 11, anchor: String = "middle", rotate: Bool = false, bold: Bool = false) -> String {
    let transform = rotate ? " transform=\"rotate(-90 \(Self.f(x)) \(Self.f(y)))\"" : ""
    let weight = bold ? " font-weight=\"bold\"" : ""
    return "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" font-size=\"\(Self.f(size))\" text-anchor=\"\(anchor)\"\(weight)\(transform)>\(Self.escape(s))</text>"
  }

  /// The panel's elements (no `<svg>` wrapper), in its own coordinates.
  public var body: String {
    var e: [String] = []
    let fl = frameLeft, ft = frameTop, fr = frameRight, fb = frameBottom
    e.append("<defs><clipPath id=\"clip\(id)\"><rect x=\"\(Self.f(fl))\" y=\"\(Self.f(ft))\" width=\"\(Self.f(fr - fl))\" height=\"\(Self.f(fb - ft))\"/></clipPath></defs>")
    if let heat { e.append(heatImage(heat)) }
    // Grid and ticks.
    let yTicks = Self.ticks(yRange)
    let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
    for t in yTicks {
      let y = py(t)
      if heat == nil { e.append("<line x1=\"\(Self.f(fl))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(fr))\" y2=\"\(Self.f(y))\" stroke=\"#e6e6e6\"/>") }
      e.append("<line x1=\"\(Self.f(fl - 5))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(fl))\" y2=\"\(Self.f(y))\" stroke=\"#000\"/>")
      e.append(text(Self.tickLabel(t, step: yStep), x: fl - 8, y: y + 4, size: 10, anchor: "end"))
    }
    if let categories = xCategories {
      for (i, name) in categories.enumerated() {
        let x = px(Double(i))
        e.append("<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(fb))\" x2=\"\(Self.f(x))\" y2=\"\(Self.f(fb + 5))\" stroke=\"#000\"/>")
        e.append(text(name, x: x, y: fb + 17, size: 10))
      }
    } else {
      let xTicks = Self.ticks(xRange)
      let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
      for t in xTicks {
        let x = px(t)
        if heat == nil { e.append("<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(ft))\" x2=\"\(Self.f(x))\" y2=\"\(Self.f(fb))\" stroke=\"#e6e6e6\"/>") }
        e.append("<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(fb))\" x2=\"\(Self.f(x))\" y2=\"\(Self.f(fb + 5))\" stroke=\"#000\"/>")
        e.append(text(Self.tickLabel(t, step: xStep), x: x, y: fb + 17, size: 10))
      }
    }
    // Marks, clipped to the frame.
    var clipped: [String] = []
    for mark in marks {
      switch mark {
      case let .line(points, color, dashed):
        let list = points.filter { $0.0.isFinite && $0.1.isFinite }.map { "\(Self.f(px($0.0))),\(Self.f(py($0.1)))" }.joined(separator: " ")
        clipped.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"1.8\"\(dashed ? " stroke-dasharray=\"5 3\"" : "")/>")
      case let .points(points, color, radius, opacity):
        for p in points where p.0.isFinite && p.1.isFinite {
          clipped.append("<circle cx=\"\(Self.f(px(p.0)))\" cy=\"\(Self.f(py(p.1)))\" r=\"\(Self.f(radius))\" fill=\"\(color.hex)\" fill-opacity=\"\(opacity)\"/>")
        }
      case let .errorBars(values, color):
        for v in values where v.mean.isFinite {
          let x = px(v.x)
          let std = v.std.isFinite ? v.std : 0
          let top = py(v.mean + std)
          let bottom = py(v.mean - std)
          clipped.append("<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(top))\" x2=\"\(Self.f(x))\" y2=\"\(Self.f(bottom))\" stroke=\"\(color.hex)\" stroke-width=\"1.5\"/>")
          for y in [top, bottom] {
            clipped.append("<line x1=\"\(Self.f(x - 5))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(x + 5))\" y2=\"\(Self.f(y))\" stroke=\"\(color.hex)\" stroke-width=\"1.5\"/>")
          }
          clipped.append("<circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(py(v.mean)))\" r=\"4\" fill=\"\(color.hex)\"/>")
        }
      case let .steps(edges, heights, color, filled):
        var path = "M\(Self.f(px(edges[0]))),\(Self.f(py(max(yRange.lowerBound, 0))))"
        for (i, h) in heights.enumerated() {
          path += " L\(Self.f(px(edges[i]))),\(Self.f(py(h))) L\(Self.f(px(edges[i + 1]))),\(Self.f(py(h)))"
        }
        path += " L\(Self.f(px(edges[edges.count - 1]))),\(Self.f(py(max(yRange.lowerBound, 0))))"
        clipped.append("<path d=\"\(path)\" fill=\"\(filled ? color.hex : "none")\" fill-opacity=\"0.35\" stroke=\"\(color.hex)\" stroke-width=\"1.3\"/>")
      }
    }
    e.append("<g clip-path=\"url(#clip\(id))\">\n" + clipped.joined(separator: "\n") + "\n</g>")
    e.append("<rect x=\"\(Self.f(fl))\" y=\"\(Self.f(ft))\" width=\"\(Self.f(fr - fl))\" height=\"\(Self.f(fb - ft))\" fill=\"none\" stroke=\"#000\"/>")
    // Labels and title.
    e.append(text(xLabel, x: (fl + fr) / 2, y: height - 12, size: 12))
    e.append(text(yLabel, x: 16, y: (ft + fb) / 2, size: 12, rotate: true))
    if !title.isEmpty { e.append(text(title, x: (fl + fr) / 2, y: 22, size: 13, bold: true)) }
    if let heat { e.append(colourBar(heat)) }
    if legend.count > 1 || (legend.count == 1 && heat == nil && marks.count > 1) { e.append(legendBox()) }
    return e.joined(separator: "\n")
  }

  /// A per-panel id for clip paths (stable for the same content).
  var id: String {
    var hash: UInt64 = 1_469_598_103_934_665_603
    for byte in (title + xLabel + yLabel + "\(width)x\(height)\(marks.count)").utf8 {
      hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
    }
    return String(hash % 1_000_000_007, radix: 36)
  }

  func heatImage(_ heat: Heat) -> String {
    let rows = heat.values.count
    let columns = heat.values.first?.count ?? 0
    guard rows > 0, columns > 0 else { return "" }
    var image = RasterImage(width: columns, height: rows)
    let span = heat.high - heat.low > 0 ? heat.high - heat.low : 1
    for r in 0..<rows {
      for c in 0..<columns {
        let v = heat.values[r][c]
        image.set(x: c, y: r, v.isFinite ? Colormap.viridis((v - heat.low) / span) : .black)
      }
    }
    let data = image.pngData().base64EncodedString()
    return "<image x=\"\(Self.f(frameLeft))\" y=\"\(Self.f(frameTop))\" width=\"\(Self.f(frameRight - frameLeft))\" height=\"\(Self.f(frameBottom - frameTop))\""
      + " preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,\(data)\"/>"
  }

  func colourBar(_ heat: Heat) -> String {
    var e: [String] = []
    let x = frameRight + 12
    let w = 12.0
    let steps = 48
    let h = (frameBottom - frameTop) / Double(steps)
    for i in 0..<steps {
      let t = (Double(i) + 0.5) / Double(steps)
      let y = frameBottom - Double(i + 1) * h
      e.append("<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(w))\" height=\"\(Self.f(h + 0.6))\" fill=\"\(Colormap.viridis(t).hex)\"/>")
    }
    e.append("<rect x=\"\(Self.f(x))\" y=\"\(Self.f(frameTop))\" width=\"\(Self.f(w))\" height=\"\(Self.f(frameBottom - frameTop))\" fill=\"none\" stroke=\"#000\"/>")
    let ticks = Self.ticks(heat.low...max(heat.high, heat.low + 1e-12), count: 4)
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    for t in ticks {
      let y = frameBottom - (t - heat.low) / max(heat.high - heat.low, 1e-12) * (frameBottom - frameTop)
      e.append("<line x1=\"\(Self.f(x + w))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(x + w + 4))\" y2=\"\(Self.f(y))\" stroke=\"#000\"/>")
      e.append(text(Self.tickLabel(t, step: step), x: x + w + 6, y: y + 4, size: 9, anchor: "start"))
    }
    e.append(text(heat.label, x: width - 8, y: (frameTop + frameBottom) / 2, size: 11, rotate: true))
    return e.joined(separator: "\n")
  }

  func legendBox() -> String {
    let rowHeight = 15.0
    let boxWidth = min(180, 30 + 6.5 * Double(legend.map(\.label.count).max() ?? 0))
    let x = frameRight - boxWidth - 6
    let y = frameTop + 6
    var e = ["<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(boxWidth))\" height=\"\(Self.f(rowHeight * Double(legend.count) + 6))\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#999\"/>"]
    for (i, item) in legend.enumerated() {
      let cy = y + 3 + rowHeight * (Double(i) + 0.5)
      switch item.kind {
      case .line: e.append("<line x1=\"\(Self.f(x + 5))\" y1=\"\(Self.f(cy))\" x2=\"\(Self.f(x + 21))\" y2=\"\(Self.f(cy))\" stroke=\"\(item.color.hex)\" stroke-width=\"2\"/>")
      case .point: e.append("<circle cx=\"\(Self.f(x + 13))\" cy=\"\(Self.f(cy))\" r=\"4\" fill=\"\(item.color.hex)\"/>")
      case .box: e.append("<rect x=\"\(Self.f(x + 6))\" y=\"\(Self.f(cy - 5))\" width=\"14\" height=\"10\" fill=\"\(item.color.hex)\" fill-opacity=\"0.5\" stroke=\"\(item.color.hex)\"/>")
      }
      e.append(text(item.label, x: x + 26, y: cy + 4, size: 10, anchor: "start"))
    }
    return e.joined(separator: "\n")
  }

  static func document(width: Double, height: Double, _ content: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + content + "\n</svg>\n"
  }

  /// A standalone SVG document of this panel.
  public var svg: String { Self.document(width: width, height: height, body) }

  /// Several panels in rows of `columns`, under a figure title.
  public static func grid(_ panels: [SVGChart], title: String, columns: Int) -> String {
    let columns = max(1, min(columns, panels.count))
    let cellWidth = panels.map(\.width).max() ?? 0
    let cellHeight = panels.map(\.height).max() ?? 0
    let rows = (panels.count + columns - 1) / columns
    let top = title.isEmpty ? 0.0 : 30
    var e: [String] = []
    if !title.isEmpty {
      e.append("<text x=\"\(f(cellWidth * Double(columns) / 2))\" y=\"20\" font-size=\"15\" font-weight=\"bold\" text-anchor=\"middle\">\(escape(title))</text>")
    }
    for (i, panel) in panels.enumerated() {
      let x = Double(i % columns) * cellWidth
      let y = top + Double(i / columns) * cellHeight
      e.append("<g transform=\"translate(\(f(x)) \(f(y)))\">\n\(panel.body.replacingOccurrences(of: "clip\(panel.id)", with: "clip\(panel.id)-\(i)"))\n</g>")
    }
    return document(width: cellWidth * Double(columns), height: top + cellHeight * Double(rows), e.joined(separator: "\n"))
  }
}
