/// Trimming for help lines.
extension String {
  /// The string without trailing spaces.
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
