/// Maps data coordinates to pixel coordinates inside a rectangle of an image (y up in data,
/// down in pixels).
public struct PlotFrame: Sendable {
  public var xRange: ClosedRange<Double>
  public var yRange: ClosedRange<Double>
  /// Pixel rectangle: left, top, width, height.
  public var left: Double
  public var top: Double
  public var width: Double
  public var height: Double

  public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, left: Double, top: Double, width: Double, height: Double) {
    self.xRange = xRange
    self.yRange = yRange
    self.left = left
    self.top = top
    self.width = width
    self.height = height
  }

  /// Pixel coordinates of the data point (x, y).
  public func pixel(x: Double, y: Double) -> (x: Double, y: Double) {
    let u = (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
    let v = (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
    return (left + u * width, top + (1 - v) * height)
  }

  /// Data coordinates of the pixel centre (px, py).
  public func data(px: Double, py: Double) -> (x: Double, y: Double) {
    let u = (px - left) / width
    let v = 1 - (py - top) / height
    return (
      xRange.lowerBound + u * (xRange.upperBound - xRange.lowerBound),
      yRange.lowerBound + v * (yRange.upperBound - yRange.lowerBound)
    )
  }
}
