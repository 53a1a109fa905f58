// ebm-bench: performance measurements of swift-ebm's numerical kernels.
//
//   ebm-bench <suite> [--json]   run a suite; --json prints one JSON object per line
//   ebm-bench list               the suites
//   ebm-bench --help
import Foundation

let usage = """
  usage: ebm-bench <suite> [--json]
         ebm-bench list
         ebm-bench --help

  Runs a benchmark suite and prints an aligned table, or with --json one JSON object per line
  (fields "benchmark", "shape", "threads" and the figures). Notes go to standard error.
  Suites: \(BenchmarkCatalog.suites.map(\.name).joined(separator: ", "))
  """

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("ebm-bench: \(message)\n".utf8))
  exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
let json = arguments.contains("--json")
arguments.removeAll { $0 == "--json" }

if arguments.contains("--help") || arguments.contains("-h") {
  print(usage)
  exit(0)
}
if let option = arguments.first(where: { $0.hasPrefix("-") }) {
  fail("unknown option '\(option)'; see 'ebm-bench --help'")
}
guard arguments.count == 1 else {
  fail(arguments.isEmpty
    ? "name a suite (\(BenchmarkCatalog.suites.map(\.name).joined(separator: ", "))) or 'list'; see 'ebm-bench --help'"
    : "expected one suite, got \(arguments.joined(separator: " ")); see 'ebm-bench --help'")
}
if arguments[0] == "list" {
  let width = BenchmarkCatalog.suites.map(\.name.count).max() ?? 0
  for suite in BenchmarkCatalog.suites {
    print(suite.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + suite.summary)
  }
  exit(0)
}
guard let suite = BenchmarkCatalog.suite(named: arguments[0]) else {
  fail("unknown suite '\(arguments[0])'; known: \(BenchmarkCatalog.suites.map(\.name).joined(separator: ", "))")
}

var records: [BenchmarkRecord] = []
suite.run(
  report: { record in
    if json {
      FileHandle.standardOutput.write(Data((record.jsonLine + "\n").utf8))
    } else {
      records.append(record)
    }
  },
  note: { message in FileHandle.standardError.write(Data("note: \(message)\n".utf8)) })
if !json { print(BenchmarkTable.render(records)) }
