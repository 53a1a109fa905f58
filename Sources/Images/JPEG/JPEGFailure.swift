/// A JPEG decoding error's message, turned into an ``ImageError`` at the decoder's boundary.
struct JPEGFailure: Error {
  var reason: String
  /// True when the file uses a feature we refuse rather than being damaged.
  var unsupported = false
  /// An ``ImageError`` to pass on as it is (a limit exceeded).
  var passedOn: ImageError?

  init(_ reason: String, unsupported: Bool = false) {
    self.reason = reason
    self.unsupported = unsupported
  }

  init(passing error: ImageError) {
    self.reason = "\(error)"
    self.passedOn = error
  }

  var imageError: ImageError {
    if let passedOn { return passedOn }
    return unsupported ? .unsupported(format: .jpeg, feature: reason) : .corrupt(format: .jpeg, reason: reason)
  }
}
