/// A command line split into positional arguments, flag values and switches, with typed
/// accessors whose errors name the flag and what it needs.
struct ParsedArguments: Sendable {
  /// Arguments that are not flags, in order.
  var positionals: [String] = []
  /// The value of each flag that takes one (the last one wins when a flag is repeated).
  var values: [String: String] = [:]
  /// Switches that were given.
  var switches: Set<String> = []
  /// Flags not declared by the command, in order (`--name`, value), for commands that accept
  /// open-ended flags (study options).
  var extra: [(name: String, value: String?)] = []

  /// Whether switch `name` was given.
  func has(_ name: String) -> Bool { switches.contains(name) }

  /// The raw value of `--name`.
  func string(_ name: String) -> String? { values[name] }

  /// `--name` as an integer in `range` (every integer flag has a documented range, so that no
  /// value can overflow what is computed from it).
  func int(_ name: String, range: ClosedRange<Int>) throws -> Int? {
    guard let text = values[name] else { return nil }
    guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
      throw CommandError.usage("--\(name) needs an integer in \(range.lowerBound)...\(range.upperBound), got '\(text.prefix(40))'")
    }
    guard range.contains(value) else {
      throw CommandError.usage("--\(name) must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
    }
    return value
  }

  /// `--name` as a non-negative 64-bit integer (seeds).
  func uint64(_ name: String) throws -> UInt64? {
    guard let text = values[name] else { return nil }
    guard let value = UInt64(text) else {
      throw CommandError.usage("--\(name) needs an integer in 0...\(UInt64.max), got '\(text.prefix(40))'")
    }
    return value
  }

  /// `--name` as a finite number greater than `above` (exclusive) or at least `minimum`, and at
  /// most `maximum`.
  func double(_ name: String, above: Double? = nil, minimum: Double? = nil, maximum: Double? = nil) throws -> Double? {
    guard let text = values[name] else { return nil }
    guard let value = Double(text), value.isFinite else {
      throw CommandError.usage("--\(name) needs a finite number, got '\(text.prefix(40))'")
    }
    if let above, !(value > above) { throw CommandError.usage("--\(name) must be greater than \(above), got \(text)") }
    if let minimum, !(value >= minimum) {
      throw CommandError.usage("--\(name) must be at least \(minimum), got \(text)")
    }
    if let maximum, !(value <= maximum) {
      throw CommandError.usage("--\(name) must be at most \(maximum), got \(text)")
    }
    return value
  }

  /// `--name` as a non-empty string (a path): `--out ''` is a usage error, not the current folder.
  func nonEmpty(_ name: String) throws -> String? {
    guard let text = values[name] else { return nil }
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw CommandError.usage("--\(name) needs a non-empty value")
    }
    return text
  }
}
