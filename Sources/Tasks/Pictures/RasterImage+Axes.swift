extension RasterImage {
  /// Draws what a matplotlib axes has around a panel `frame`: the frame, ticks at the nice
  /// numbers of ``SVGChart/ticks(_:count:)`` with their values, the axis labels and a title
  /// above, all in the ``BitmapFont``. Leave about 40 px left, 30 px below and 16 px above.
  public mutating func drawAxes(_ frame: PlotFrame, xLabel: String, yLabel: String, title: String) {
    let left = Int(frame.left.rounded())
    let top = Int(frame.top.rounded())
    let right = Int((frame.left + frame.width).rounded())
    let bottom = Int((frame.top + frame.height).rounded())
    strokeRect(x0: left, y0: top, x1: right, y1: bottom, .black)
    let xTicks = SVGChart.ticks(frame.xRange)
    let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
    for t in xTicks {
      let p = frame.pixel(x: t, y: frame.yRange.lowerBound)
      let px = Int(p.x.rounded())
      fillRect(x0: px, y0: bottom, x1: px + 1, y1: bottom + 4, .black)
      drawText(SVGChart.tickLabel(t, step: xStep), x: px, y: bottom + 6, anchor: .middle)
    }
    let yTicks = SVGChart.ticks(frame.yRange)
    let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
    for t in yTicks {
      let p = frame.pixel(x: frame.xRange.lowerBound, y: t)
      let py = Int(p.y.rounded())
      fillRect(x0: left - 4, y0: py, x1: left, y1: py + 1, .black)
      drawText(SVGChart.tickLabel(t, step: yStep), x: left - 6, y: py - 3, anchor: .end)
    }
    drawText(xLabel, x: (left + right) / 2, y: bottom + 18, anchor: .middle)
    drawText(yLabel, x: left - 38, y: (top + bottom) / 2, anchor: .middle, vertical: true)
    drawText(title, x: (left + right) / 2, y: top - 12, anchor: .middle)
  }

  /// A vertical viridis colour bar in the rectangle (x, top, width, height) for values
  /// low…high, with ticks, values and a label to its right. Leave about 50 px.
  public mutating func drawColourBar(x: Int, top: Int, width: Int, height: Int, low: Double, high: Double, label: String) {
    guard height > 1 else { return }
    for row in 0..<height {
      let t = 1 - Double(row) / Double(height - 1)
      fillRect(x0: x, y0: top + row, x1: x + width, y1: top + row + 1, Colormap.viridis(t))
    }
    strokeRect(x0: x, y0: top, x1: x + width, y1: top + height, .black)
    let span = high - low > 0 ? high - low : 1
    let ticks = SVGChart.ticks(low...(low + span), count: 4)
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    for t in ticks {
      let y = top + Int(((1 - (t - low) / span) * Double(height - 1)).rounded())
      fillRect(x0: x + width, y0: y, x1: x + width + 3, y1: y + 1, .black)
      drawText(SVGChart.tickLabel(t, step: step), x: x + width + 5, y: y - 3)
    }
    drawText(label, x: x + width + 36, y: top + height / 2, anchor: .middle, vertical: true)
  }
}
