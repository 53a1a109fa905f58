import EBMProtocols
import Foundation
import Tasks
import Testing

/// The figures' axes and the study figures drawn from records alone.
@Suite struct StudyFigureTests {
  @Test func ticksAreNiceNumbersInsideTheRange() {
    #expect(SVGChart.ticks(0...1) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    #expect(SVGChart.ticks(-3...3) == [-3, -2, -1, 0, 1, 2, 3])
    #expect(SVGChart.ticks(0...47, count: 5) == [0, 10, 20, 30, 40])
    #expect(SVGChart.tickLabel(0.6000000000000001, step: 0.2) == "0.6")
    #expect(SVGChart.tickLabel(20, step: 10) == "20")
    #expect(SVGChart.tickLabel(0.015, step: 0.005) == "0.015")
  }

  /// KL per method: the error bar of a method with KL 1 and 3 over two seeds spans
  /// 2 ± √2 in the panel's pixel coordinates; the axes carry their labels and the legend
  /// names both datasets.
  @Test func regressionKLFigureHasErrorBarsFromTheRecords() throws {
    let study = Regression1DStudy(methods: ["nce+", "sm"], datasets: [1, 2])
    func record(_ method: String, _ dataset: Int, _ seed: UInt64, _ kl: Double) -> StudyRecord {
      StudyRecord(labels: [.init("method", method), .init("dataset", String(dataset))], seed: seed, metrics: [Metric("kl", kl, .lowerIsBetter)])
    }
    let records = [
      record("nce+", 1, 0, 1), record("nce+", 1, 1, 3), record("sm", 1, 0, 2), record("sm", 1, 1, 2),
      record("nce+", 2, 0, 0.5), record("nce+", 2, 1, 0.5), record("sm", 2, 0, 1), record("sm", 2, 1, 1),
    ]
    let figure = try #require(study.figures(records).first { $0.name == "kl-per-method" })
    for text in [">training method</text>", ">KL (mean ± std over seeds)</text>", ">dataset 1</text>", ">dataset 2</text>", ">nce+</text>", ">sm</text>"] {
      #expect(figure.svg.contains(text), "\(text)")
    }
    // The same chart, rebuilt, maps the expected whisker ends to pixels.
    let highest = 2 + 2.0.squareRoot()
    let chart = SVGChart(
      title: "KL divergence to the true density", xLabel: "training method", yLabel: "KL (mean ± std over seeds)",
      xRange: -0.5...1.5, yRange: 0...(highest * 1.12), xCategories: ["nce+", "sm"], width: 460, height: 340)
    let x = chart.px(0 - 0.15)
    let top = chart.py(2 + 2.0.squareRoot())
    let bottom = chart.py(2 - 2.0.squareRoot())
    let whisker = "<line x1=\"\(String(format: "%.1f", x))\" y1=\"\(String(format: "%.1f", top))\" x2=\"\(String(format: "%.1f", x))\" y2=\"\(String(format: "%.1f", bottom))\""
    #expect(figure.svg.contains(whisker), "\(whisker)")
    // No density series in these records: no density figure.
    #expect(!study.figures(records).contains { $0.name == "densities" })
  }

  /// A heat map panel carries a colour bar with its label and ticks over [low, high].
  @Test func heatMapHasAColourBar() {
    var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", xRange: -3...3, yRange: -3...3)
    chart.heatMap([[0, 1], [2, 3]], low: 0, high: 3, label: "p(y | x)")
    let svg = chart.svg
    #expect(svg.contains(">p(y | x)</text>"))
    #expect(svg.contains("data:image/png;base64,"))
    for tick in ["0", "1", "2", "3"] { #expect(svg.contains(">\(tick)</text>"), "colour bar tick \(tick)") }
  }

  /// The bitmap font draws each glyph's rows as set pixels, left to right, and vertical
  /// text reads upwards with the glyph's top to the left.
  @Test func bitmapTextDrawsTheGlyphs() {
    var image = RasterImage(width: 20, height: 20)
    image.drawText("1", x: 2, y: 3, .black)
    let rows = BitmapFont.rows("1")
    #expect(rows == [4, 12, 4, 4, 4, 4, 14])
    for (r, bits) in rows.enumerated() {
      for c in 0..<5 {
        let set = bits & (1 << (4 - c)) != 0
        #expect((image.color(x: 2 + c, y: 3 + r) == .black) == set, "row \(r) column \(c)")
      }
    }
    var vertical = RasterImage(width: 20, height: 20)
    vertical.drawText("L", x: 0, y: 10, .black, vertical: true)
    for row in 0..<7 { #expect(vertical.color(x: row, y: 10) == .black, "the L's stem") }
    for column in 0..<5 { #expect(vertical.color(x: 6, y: 10 - column) == .black, "the L's foot goes up") }
    #expect(vertical.color(x: 3, y: 8) == .white)
    #expect(BitmapFont.width("ab", scale: 2) == 22)
    #expect(BitmapFont.rows("\u{2603}") == [31, 17, 17, 17, 17, 17, 31], "unknown characters draw as a box")
  }
}
