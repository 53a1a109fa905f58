import Foundation

/// The coarse step of the box tracker: the target's position by normalised cross-correlation
/// (NCC) of a grey template of the first frame's target over a search region around the
/// previous box. Simple and deterministic; it stands in for the classifier of ATOM/DiMP, which
/// gives the coarse position that box refinement then improves.
///
/// The template is the first frame's box resampled to T × T grey pixels. In a later frame the
/// search region, `searchFactor` times the previous box about its centre, is resampled at the
/// same scale per axis (the previous box becomes T × T, so the region is N × N with
/// N = round(searchFactor · T)), and every T × T window w is scored by
///
/// ```
/// NCC(w) = Σ (wᵢ − w̄)(tᵢ − t̄) / (‖w − w̄‖ ‖t − t̄‖)
/// ```
///
/// (grey = mean of R, G, B; invariant to brightness gain and offset). The best window (the first
/// in row order on ties) gives the centre; the size stays the previous box's.
public struct TemplateMatcher: Sendable {
  /// T, the template's side in pixels.
  public let templateSize: Int
  /// The search region's side in units of the previous box's side.
  public let searchFactor: Double
  /// The template, zero-mean with unit norm (all zero for a flat template).
  let template: [Float]

  /// The template of `box` in `frame`.
  public init(frame: Photo, box: BoundingBox, templateSize: Int = 24, searchFactor: Double = 2.5) {
    precondition(templateSize >= 4 && searchFactor >= 1, "TemplateMatcher: template of at least 4 px, search factor ≥ 1")
    precondition(box.width > 0 && box.height > 0, "TemplateMatcher: the template box needs a positive size")
    self.templateSize = templateSize
    self.searchFactor = searchFactor
    let grey = Self.grey(frame, x: box.x, y: box.y, stepX: box.width / Double(templateSize), stepY: box.height / Double(templateSize),
      columns: templateSize, rows: templateSize)
    let mean = grey.reduce(0, +) / Float(grey.count)
    let centred = grey.map { $0 - mean }
    let norm = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
    template = norm > 1e-6 ? centred.map { $0 / norm } : [Float](repeating: 0, count: grey.count)
  }

  /// `columns × rows` grey samples from (x, y) (top-left corner) with the given steps, read at
  /// the sample centres.
  static func grey(_ photo: Photo, x: Double, y: Double, stepX: Double, stepY: Double, columns: Int, rows: Int) -> [Float] {
    var out = [Float](repeating: 0, count: columns * rows)
    for i in 0..<rows {
      let sy = Float(y + (Double(i) + 0.5) * stepY)
      for j in 0..<columns {
        let (r, g, b) = photo.sample(x: Float(x + (Double(j) + 0.5) * stepX), y: sy)
        out[i * columns + j] = (r + g + b) / 3
      }
    }
    return out
  }

  /// The previous box moved to the best match in `frame`, and the match's NCC in [−1, 1].
  public func locate(in frame: Photo, around previous: BoundingBox) -> (box: BoundingBox, score: Double) {
    let t = templateSize
    let n = max(t, Int((searchFactor * Double(t)).rounded()))
    let stepX = previous.width / Double(t)
    let stepY = previous.height / Double(t)
    let originX = previous.centerX - Double(n) * stepX / 2
    let originY = previous.centerY - Double(n) * stepY / 2
    let region = Self.grey(frame, x: originX, y: originY, stepX: stepX, stepY: stepY, columns: n, rows: n)
    // Integral images of the region and its square: window sums in O(1).
    var sum = [Double](repeating: 0, count: (n + 1) * (n + 1))
    var squares = sum
    for i in 0..<n {
      var row = 0.0
      var rowSquares = 0.0
      for j in 0..<n {
        let v = Double(region[i * n + j])
        row += v
        rowSquares += v * v
        sum[(i + 1) * (n + 1) + j + 1] = sum[i * (n + 1) + j + 1] + row
        squares[(i + 1) * (n + 1) + j + 1] = squares[i * (n + 1) + j + 1] + rowSquares
      }
    }
    func windowSum(_ table: [Double], _ i: Int, _ j: Int) -> Double {
      table[(i + t) * (n + 1) + j + t] - table[i * (n + 1) + j + t] - table[(i + t) * (n + 1) + j] + table[i * (n + 1) + j]
    }
    let count = Double(t * t)
    var best = (score: -Double.infinity, i: (n - t) / 2, j: (n - t) / 2)
    for i in 0...(n - t) {
      for j in 0...(n - t) {
        // Σ w t̂ (t̂ has zero mean, so the window's mean drops out of the numerator).
        var dot: Float = 0
        for a in 0..<t {
          let w = (i + a) * n + j
          let p = a * t
          for b in 0..<t { dot += region[w + b] * template[p + b] }
        }
        let s = windowSum(sum, i, j)
        let variance = windowSum(squares, i, j) - s * s / count
        let score = variance > 1e-9 ? Double(dot) / variance.squareRoot() : 0
        if score > best.score { best = (score, i, j) }
      }
    }
    let centerX = originX + (Double(best.j) + Double(t) / 2) * stepX
    let centerY = originY + (Double(best.i) + Double(t) / 2) * stepY
    return (BoundingBox(centerX: centerX, centerY: centerY, width: previous.width, height: previous.height), best.score)
  }
}
