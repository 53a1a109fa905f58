/// A JPEG decoding error's message, turned into an ``ImageError`` at the decoder's boundary.
struct JPEGFailure: Error {
  var reason: String
  /// True when the file uses a feature we refuse rather than being damaged.
  var unsupported = false
  init(_ reason: String, unsupported: Bool = false) {
    self.reason = reason
    self.unsupported = unsupported
  }

  var imageError: ImageError {
    unsupported ? .unsupported(format: .jpeg, feature: reason) : .corrupt(format: .jpeg, reason: reason)
  }
}
