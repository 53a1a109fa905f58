import EBM
import EBMProtocols
import Foundation
import Tensors

/// The `ebm` command-line tool as a library entry point, so that a user's own executable runs
/// `ebm`'s commands with their components added to the registry:
///
/// ```swift
/// var registry = Registry.standard()
/// registry.objectives.register(name: "my-loss", summary: "…") { _, _ in MyLoss() }
/// exit(EBMTool.run(arguments: Array(CommandLine.arguments.dropFirst()), registry: registry))
/// ```
///
/// Commands: `list`, `describe`, `train`, `eval`, `sample`, `study`, `help`. Exit status:
/// 0 success, 1 a failed run, 2 bad usage (see ``ExitCode``).
public enum EBMTool {
  /// The entry point of an `ebm` executable (yours too, with your components in `registry`):
  /// tunes the allocator as `ebm-bench` does (``AllocatorTuning``, so `ebm train` runs at the
  /// benchmarked speed), sets the kernels' thread count from `EBM_NUM_THREADS` (exit 2 when it
  /// is malformed), runs the process's command line and exits with its status.
  ///
  /// ```swift
  /// import EBMCommand
  /// EBMTool.main(registry: myRegistry())
  /// ```
  public static func main(registry: Registry = Registry.standard()) -> Never {
    AllocatorTuning.keepLargeBlocksInHeap()
    do {
      if let count = try KernelThreads.environmentCount() { KernelThreads.count = count }
    } catch {
      CommandIO.standard.error("ebm: \(error)")
      exit(ExitCode.usage)
    }
    exit(run(arguments: Array(CommandLine.arguments.dropFirst()), registry: registry))
  }

  /// Runs `arguments` (without the program name) and returns the exit status.
  ///
  /// - Parameters:
  ///   - registry: the components the commands can name (default: the standard registry).
  ///   - output: receives result lines (default: standard output).
  ///   - error: receives progress and error lines (default: standard error, with a live
  ///     progress line when it is a terminal).
  ///   - workingDirectory: base of relative paths and of the default `runs/` folder
  ///     (default: the current directory).
  public static func run(
    arguments: [String], registry: Registry = Registry.standard(),
    output: (@Sendable (String) -> Void)? = nil, error: (@Sendable (String) -> Void)? = nil,
    workingDirectory: URL? = nil
  ) -> Int32 {
    let standard = CommandIO.standard
    let io =
      output == nil && error == nil
      ? standard
      : CommandIO(output: output ?? standard.output, error: error ?? standard.error, terminal: nil)
    let context = CommandContext(
      registry: registry, io: io,
      workingDirectory: workingDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    return run(arguments: arguments, context: context)
  }

  /// The subcommands, in help order.
  static let subcommands: [any Subcommand] = [
    ListCommand(), DescribeCommand(), TrainCommand(), EvalCommand(), SampleCommand(), StudyCommand(),
    DataCommand(), ImageCommand(),
  ]

  /// `usage: ebm COMMAND [ARGUMENTS]`.
  static let usageLine = "usage: ebm <command> [arguments]  (commands: list, describe, train, eval, sample, study, data, image, help)"

  /// The help text of `ebm --help`.
  static var help: String {
    var lines = [
      "ebm: energy-based models: compose, train, evaluate and sample pipelines, and run studies", "",
      "usage: ebm <command> [arguments]", "", "commands:",
    ]
    let width = subcommands.map(\.name.count).max() ?? 0
    for command in subcommands {
      lines.append("  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + command.abstract)
    }
    lines.append("  " + "help".padding(toLength: width, withPad: " ", startingAt: 0) + "  show help for a command")
    lines += [
      "",
      "components are named NAME or NAME:KEY=VALUE,KEY=VALUE (see 'ebm describe NAME').",
      "'ebm help COMMAND' or 'ebm COMMAND --help' shows a command's flags.",
      "exit status: 0 success, 1 the run failed, 2 bad command line, names, options or pipeline file.",
      "environment: EBM_NUM_THREADS=N sets the kernels' thread count (default: the processors this process may use, at most 8; results are the same at any count).",
    ]
    return lines.joined(separator: "\n")
  }

  static func run(arguments: [String], context: CommandContext) -> Int32 {
    let io = context.io
    guard let first = arguments.first else {
      io.error("ebm: error: missing command")
      io.error(usageLine)
      return ExitCode.usage
    }
    if first == "--help" || first == "-h" || first == "help" {
      let topic = arguments.dropFirst().first
      guard let topic else {
        io.output(help)
        return ExitCode.success
      }
      guard let command = subcommands.first(where: { $0.name == topic }) else {
        return unknownCommand(topic, io: io)
      }
      io.output(command.help(topic: arguments.dropFirst(2).first, context: context))
      return ExitCode.success
    }
    guard let command = subcommands.first(where: { $0.name == first }) else {
      return unknownCommand(first, io: io)
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
      io.output(command.help(topic: rest.first { !$0.hasPrefix("-") }, context: context))
      return ExitCode.success
    }
    do {
      let parser = ArgumentParser(
        flags: command.flags, acceptsExtraFlags: command.acceptsExtraFlags,
        maximumPositionals: command.maximumPositionals)
      let parsed = try parser.parse(rest)
      try command.run(parsed, context: context)
      return ExitCode.success
    } catch let error as CommandError {
      switch error {
      case let .usage(message):
        io.error("ebm \(command.name): error: \(message)")
        io.error(command.usageLine)
        return ExitCode.usage
      case let .input(message):
        io.error("ebm \(command.name): error: \(message)")
        return ExitCode.usage
      case let .failure(message):
        io.error("ebm \(command.name): error: \(message)")
        return ExitCode.failure
      }
    } catch {
      io.error("ebm \(command.name): error: \(CommandError.oneLine(error))")
      return ExitCode.failure
    }
  }

  static func unknownCommand(_ name: String, io: CommandIO) -> Int32 {
    let names = subcommands.map(\.name) + ["help"]
    let hint = NameSuggestion.nearest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
    io.error("ebm: error: unknown command '\(name)'\(hint)")
    io.error(usageLine)
    return ExitCode.usage
  }
}
