import EBMProtocols

/// Splits a command line into positionals, flag values and switches against a command's
/// declared flags: `--flag VALUE`, `--flag=VALUE`, switches `--flag`, and `--` to end flags.
/// Unknown flags are usage errors that suggest the nearest declared flag, unless the command
/// accepts open-ended flags (then they are collected in ``ParsedArguments/extra``).
struct ArgumentParser: Sendable {
  var flags: [FlagSpec]
  /// Whether undeclared `--name [VALUE]` flags are collected instead of rejected.
  var acceptsExtraFlags = false
  /// The most positionals the command takes.
  var maximumPositionals: Int

  func parse(_ arguments: [String]) throws -> ParsedArguments {
    var result = ParsedArguments()
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if onlyPositionals || !argument.hasPrefix("-") || argument == "-" || Double(argument) != nil {
        result.positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      guard argument.hasPrefix("--"), argument.count > 2 else {
        throw CommandError.usage("unknown flag '\(argument)'; flags are written --name")
      }
      var name = String(argument.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let spec = flags.first(where: { $0.name == name }) else {
        if acceptsExtraFlags {
          var value = inlineValue
          if value == nil, index < arguments.count, !arguments[index].hasPrefix("--") {
            value = arguments[index]
            index += 1
          }
          result.extra.append((name, value))
          continue
        }
        let hint = NameSuggestion.nearest(to: name, in: flags.map(\.name)).map { "; did you mean --\($0)?" } ?? ""
        throw CommandError.usage("unknown flag '--\(name)'\(hint)")
      }
      if spec.valueName == nil {
        guard inlineValue == nil else { throw CommandError.usage("--\(name) takes no value") }
        result.switches.insert(name)
        continue
      }
      if let inlineValue {
        result.values[name] = inlineValue
      } else {
        guard index < arguments.count, !arguments[index].hasPrefix("--") else {
          throw CommandError.usage("--\(name) needs a value (\(spec.valueName!))")
        }
        result.values[name] = arguments[index]
        index += 1
      }
    }
    if result.positionals.count > maximumPositionals {
      let unexpected = result.positionals[maximumPositionals]
      throw CommandError.usage("unexpected argument '\(unexpected)'")
    }
    return result
  }
}
