import Foundation

/// One `ebm` subcommand: its name, a one-line abstract, usage line, flags and longer help,
/// and `run`, which validates everything before any work starts.
protocol Subcommand: Sendable {
  /// `train`, `eval`, …
  var name: String { get }
  /// One line for `ebm --help`.
  var abstract: String { get }
  /// Arguments after `ebm NAME` in the usage line, e.g. `CHECKPOINT [--count N]`.
  var synopsis: String { get }
  /// The declared flags.
  var flags: [FlagSpec] { get }
  /// Paragraphs after the flag list in `ebm help NAME`.
  var discussion: String { get }
  /// The most positional arguments.
  var maximumPositionals: Int { get }
  /// Whether undeclared flags are collected (study options) instead of rejected.
  var acceptsExtraFlags: Bool { get }
  /// Runs the command. Throws ``CommandError`` (or any error, treated as a failed run).
  func run(_ arguments: ParsedArguments, context: CommandContext) throws
}

extension Subcommand {
  /// Default: no positional arguments.
  var maximumPositionals: Int { 0 }
  /// Default: unknown flags are errors.
  var acceptsExtraFlags: Bool { false }
  /// Default: no further help.
  var discussion: String { "" }

  /// `usage: ebm NAME SYNOPSIS`.
  var usageLine: String { "usage: ebm \(name) \(synopsis)".trimmingTrailingSpaces() }

  /// The full help text.
  var help: String {
    var lines = ["ebm \(name): \(abstract)", "", usageLine]
    let all = flags + [FlagSpec.toggle("help", "show this help")]
    if !all.isEmpty {
      lines.append("")
      lines.append("flags:")
      let width = all.map(\.synopsis.count).max() ?? 0
      for flag in all {
        lines.append("  " + flag.synopsis.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + flag.help)
      }
    }
    if !discussion.isEmpty {
      lines.append("")
      lines.append(discussion)
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
