/// One flag a command accepts: `--name VALUE` (or `--name=VALUE`) when it takes a value,
/// `--name` alone when it is a switch.
struct FlagSpec: Sendable {
  /// Without the leading dashes, e.g. `epochs`.
  var name: String
  /// Placeholder shown in help (`N`, `DIR`, …), or `nil` for a switch.
  var valueName: String?
  /// One-line help.
  var help: String

  /// A flag that takes a value.
  static func value(_ name: String, _ valueName: String, _ help: String) -> FlagSpec {
    FlagSpec(name: name, valueName: valueName, help: help)
  }

  /// A switch (no value).
  static func toggle(_ name: String, _ help: String) -> FlagSpec {
    FlagSpec(name: name, valueName: nil, help: help)
  }

  /// `--name VALUE` or `--name`.
  var synopsis: String { "--\(name)" + (valueName.map { " \($0)" } ?? "") }
}
