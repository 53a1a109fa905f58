/// Why a reference measurement (e.g. numpy) could not be taken; the suite prints it as a note
/// and goes on.
struct ReferenceError: Error, CustomStringConvertible {
  /// One line saying what is missing.
  let description: String

  /// Creates the error with its one-line description.
  init(_ description: String) { self.description = description }
}
