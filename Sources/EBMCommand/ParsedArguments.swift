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

  /// `--name` as an integer of at least `minimum`.
  func int(_ name: String, minimum: Int) throws -> Int? {
    guard let text = values[name] else { return nil }
    guard let value = Int(text) else { throw CommandError.usage("--\(name) needs an integer, got '\(text)'") }
    guard value >= minimum else { throw CommandError.usage("--\(name) must be at least \(minimum), got \(value)") }
    return value
  }

  /// `--name` as a non-negative 64-bit integer (seeds).
  func uint64(_ name: String) throws -> UInt64? {
    guard let text = values[name] else { return nil }
    guard let value = UInt64(text) else {
      throw CommandError.usage("--\(name) needs a non-negative integer, got '\(text)'")
    }
    return value
  }

  /// `--name` as a finite number greater than `above` (exclusive) or at least `minimum`.
  func double(_ name: String, above: Double? = nil, minimum: Double? = nil) throws -> Double? {
    guard let text = values[name] else { return nil }
    guard let value = Double(text), value.isFinite else {
      throw CommandError.usage("--\(name) needs a number, got '\(text)'")
    }
    if let above, !(value > above) { throw CommandError.usage("--\(name) must be greater than \(above), got \(text)") }
    if let minimum, !(value >= minimum) {
      throw CommandError.usage("--\(name) must be at least \(minimum), got \(text)")
    }
    return value
  }
}
