import Foundation

/// A small SVG builder for labelled charts (bars, histograms, axes, text), written
/// atomically.
public struct SVGDocument: Sendable {
  public let width: Double
  public let height: Double
  var elements: [String] = []

  public init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  static func f(_ v: Double) -> String { String(format: "%.2f", v) }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }

  public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: RGB, opacity: Double = 1, stroke: RGB? = nil) {
    let strokeAttribute = stroke.map { " stroke=\"\($0.hex)\"" } ?? ""
    elements.append(
      "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(max(0, width)))\" height=\"\(Self.f(max(0, height)))\" fill=\"\(fill.hex)\" fill-opacity=\"\(Self.f(opacity))\"\(strokeAttribute)/>")
  }

  public mutating func circle(cx: Double, cy: Double, r: Double, fill: RGB, opacity: Double = 1) {
    elements.append("<circle cx=\"\(Self.f(cx))\" cy=\"\(Self.f(cy))\" r=\"\(Self.f(r))\" fill=\"\(fill.hex)\" fill-opacity=\"\(Self.f(opacity))\"/>")
  }

  public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: RGB, width: Double = 1) {
    elements.append(
      "<line x1=\"\(Self.f(x1))\" y1=\"\(Self.f(y1))\" x2=\"\(Self.f(x2))\" y2=\"\(Self.f(y2))\" stroke=\"\(stroke.hex)\" stroke-width=\"\(Self.f(width))\"/>")
  }

  public mutating func polyline(_ points: [(Double, Double)], stroke: RGB, width: Double = 1.5) {
    let list = points.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " ")
    elements.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke.hex)\" stroke-width=\"\(Self.f(width))\"/>")
  }

  public enum Anchor: String, Sendable { case start, middle, end }

  public mutating func text(_ string: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, color: RGB = .black) {
    elements.append(
      "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" font-family=\"sans-serif\" font-size=\"\(Self.f(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(color.hex)\">\(Self.escape(string))</text>")
  }

  /// The document text.
  public var text: String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + elements.joined(separator: "\n") + "\n</svg>\n"
  }

  /// Writes atomically (temporary file, then rename).
  public func write(to url: URL) throws { try Data(text.utf8).write(to: url, options: .atomic) }
}
