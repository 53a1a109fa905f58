import Foundation
import Testing
@testable import Tasks

@Suite struct PicturesTests {
  @Test func pngHasSignatureAndChunksOfTheRightSizes() {
    var image = RasterImage(width: 3, height: 2)
    image.set(x: 1, y: 1, .red)
    let png = [UInt8](image.pngData())
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    #expect(Array(png[12..<16]) == Array("IHDR".utf8))
    #expect(Array(png[16..<24]) == [0, 0, 0, 3, 0, 0, 0, 2])
    // IDAT holds (1 + 3·3)·2 = 20 raw bytes in one stored block: 2 + 5 + 20 + 4 = 31 bytes.
    #expect(Array(png[33..<37]) == [0, 0, 0, 31])
    #expect(Array(png.suffix(8).prefix(4)) == Array("IEND".utf8))
    #expect(image.color(x: 1, y: 1) == .red && image.color(x: 0, y: 0) == .white)
  }

  @Test func plotFrameRoundTripsAndHeatMapUsesTheColormapEnds() {
    let frame = PlotFrame(xRange: -2...2, yRange: 0...1, left: 10, top: 5, width: 40, height: 20)
    let p = frame.pixel(x: 2, y: 0)
    #expect(p.x == 50 && p.y == 25)
    let back = frame.data(px: 30, py: 15)
    #expect(Swift.abs(back.x) < 1e-12 && Swift.abs(back.y - 0.5) < 1e-12)
    var image = RasterImage(width: 60, height: 30)
    image.heatMap([[0, 1]], in: frame)
    #expect(image.color(x: 10, y: 5) == Colormap.viridis(0))
    #expect(image.color(x: 49, y: 24) == Colormap.viridis(1))
  }

  @Test func svgEscapesText() {
    var svg = SVGDocument(width: 10, height: 10)
    svg.text("a<b & c", x: 1, y: 1)
    #expect(svg.text.contains("a&lt;b &amp; c"))
  }
}
