/// Perceptually ordered colour maps for heat maps.
public enum Colormap {
  /// Viridis (matplotlib's default), by linear interpolation between 9 anchor colours;
  /// `t` is clamped to [0, 1].
  public static func viridis(_ t: Double) -> RGB {
    let anchors: [(Double, Double, Double)] = [
      (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
      (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]
    let x = min(max(t.isNaN ? 0 : t, 0), 1) * Double(anchors.count - 1)
    let i = min(Int(x), anchors.count - 2)
    let f = x - Double(i)
    let a = anchors[i]
    let b = anchors[i + 1]
    return RGB(
      UInt8((a.0 + (b.0 - a.0) * f).rounded()), UInt8((a.1 + (b.1 - a.1) * f).rounded()),
      UInt8((a.2 + (b.2 - a.2) * f).rounded()))
  }
}
