import Foundation
import EBMProtocols

/// The command-line syntax of a component with options: `NAME[:KEY=VALUE[,KEY=VALUE…]]`,
/// e.g. `nce+:samples=512,noise=0.1`. A list value keeps its commas
/// (`gmm:stds=0.1,0.8,components=2` gives `stds = 0.1,0.8`): a comma-separated piece without
/// `=` continues the previous value. Values stay strings here; the registry reads them by
/// each option's declared type and range.
enum ComponentArgument {
  /// Parses `text` given for `--flag`.
  /// - Throws: ``CommandError/usage(_:)`` when the name is empty or a piece has no key.
  static func parse(_ text: String, flag: String) throws -> ComponentReference {
    let name: Substring
    let rest: Substring
    if let colon = text.firstIndex(of: ":") {
      name = text[..<colon]
      rest = text[text.index(after: colon)...]
    } else {
      name = Substring(text)
      rest = ""
    }
    let trimmedName = name.trimmingCharacters(in: .whitespaces)
    guard !trimmedName.isEmpty else {
      throw CommandError.usage("--\(flag) needs a component name, as NAME or NAME:KEY=VALUE,KEY=VALUE")
    }
    var options: [String: OptionValue] = [:]
    var lastKey: String?
    for piece in rest.split(separator: ",", omittingEmptySubsequences: false) where !rest.isEmpty {
      if let equals = piece.firstIndex(of: "=") {
        let key = piece[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else {
          throw CommandError.usage("--\(flag): '\(piece)' has no option name; write KEY=VALUE")
        }
        options[key] = .string(String(piece[piece.index(after: equals)...]))
        lastKey = key
      } else if let key = lastKey, case let .string(value)? = options[key] {
        options[key] = .string(value + "," + piece)
      } else {
        throw CommandError.usage("--\(flag): '\(piece)' is not KEY=VALUE; write \(trimmedName):KEY=VALUE,KEY=VALUE")
      }
    }
    return ComponentReference(trimmedName, options: options)
  }
}
