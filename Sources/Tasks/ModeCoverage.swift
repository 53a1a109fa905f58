import Tensors

/// Mode coverage of samples from a mixture: each sample is assigned to its nearest mode
/// centre; the share of samples per mode, and its minimum (1/K when the modes are covered
/// evenly, 0 when a mode is missed).
public enum ModeCoverage {
  /// Share of `samples` `[n, d]` nearest each of `modes` (non-finite samples count for none).
  public static func shares(_ samples: Tensor, modes: [[Double]]) -> [Double] {
    let d = samples.shape[1]
    let n = samples.shape[0]
    var counts = [Int](repeating: 0, count: modes.count)
    for i in 0..<n {
      var best = -1
      var bestDistance = Double.infinity
      for (k, mode) in modes.enumerated() {
        var s = 0.0
        for c in 0..<d {
          let t = Double(samples.scalars[i * d + c]) - mode[c]
          s += t * t
        }
        if s < bestDistance {
          bestDistance = s
          best = k
        }
      }
      if best >= 0 { counts[best] += 1 }
    }
    return counts.map { Double($0) / Double(max(n, 1)) }
  }
}
