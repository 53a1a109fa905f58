/// An 8-bit RGB colour.
public struct RGB: Sendable, Equatable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    self.r = r
    self.g = g
    self.b = b
  }

  public static let white = RGB(255, 255, 255)
  public static let black = RGB(0, 0, 0)
  public static let gray = RGB(128, 128, 128)
  public static let red = RGB(220, 40, 40)
  public static let blue = RGB(40, 90, 220)
  public static let orange = RGB(245, 140, 30)
  public static let green = RGB(40, 160, 70)

  /// `#rrggbb`, for SVG.
  public var hex: String {
    let digits = Array("0123456789abcdef")
    return "#" + [r, g, b].map { String([digits[Int($0 >> 4)], digits[Int($0 & 15)]]) }.joined()
  }

  /// A categorical palette (10 distinguishable colours), cycled.
  public static func palette(_ index: Int) -> RGB {
    let colors = [
      RGB(31, 119, 180), RGB(255, 127, 14), RGB(44, 160, 44), RGB(214, 39, 40), RGB(148, 103, 189),
      RGB(140, 86, 75), RGB(227, 119, 194), RGB(127, 127, 127), RGB(188, 189, 34), RGB(23, 190, 207),
    ]
    return colors[((index % colors.count) + colors.count) % colors.count]
  }
}
