/// "Did you mean …?": the nearest name by edit distance.
public enum NameSuggestion {
  /// The candidate closest to `name` (Levenshtein distance, case-insensitive), if it is close
  /// enough to be a plausible typo (distance ≤ max(2, length / 3)) or shares its prefix.
  public static func nearest(to name: String, in candidates: [String]) -> String? {
    let target = Array(name.lowercased())
    var best: (String, Int)?
    for candidate in candidates {
      let d = distance(target, Array(candidate.lowercased()))
      if best == nil || d < best!.1 { best = (candidate, d) }
    }
    guard let (candidate, d) = best else { return nil }
    if d <= max(2, target.count / 3) { return candidate }
    if candidate.lowercased().hasPrefix(name.lowercased()) { return candidate }
    return nil
  }

  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
