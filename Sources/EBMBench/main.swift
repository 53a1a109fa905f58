// ebm-bench: performance measurements of swift-ebm's numerical kernels.
//
//   ebm-bench <suite> [--json]   run a suite; --json prints one JSON object per line
//   ebm-bench <suite> --only a,b --no-reference   part of a suite (regression, langevin)
//   ebm-bench list               the suites
//   ebm-bench --help
import Foundation

let usage = """
  usage: ebm-bench <suite> [--json] [--only NAME,NAME] [--no-reference]
         ebm-bench list
         ebm-bench --help

  Runs a benchmark suite and prints an aligned table, or with --json one JSON object per line
  (fields "benchmark", "shape", "threads" and the figures). Notes go to standard error.
  --only runs the named measurements of a suite (regression: nce+, nce, ml-is, kld-is, ml-mcmc,
  sm, dsm; langevin: langevin-fused, mala, hmc, langevin-autodiff); --no-reference skips the
  PyTorch / JAX scripts. Both are for profiling; the figures to publish come from a whole run.
  Suites: \(BenchmarkCatalog.suites.map(\.name).joined(separator: ", "))
  """

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("ebm-bench: \(message)\n".utf8))
  exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
let json = arguments.contains("--json")
arguments.removeAll { $0 == "--json" }
var selection = BenchmarkSelection()
if arguments.contains("--no-reference") {
  selection.reference = false
  arguments.removeAll { $0 == "--no-reference" }
}
if let index = arguments.firstIndex(of: "--only") {
  guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") else {
    fail("--only needs a comma-separated list of measurement names, e.g. --only dsm,ml-mcmc")
  }
  selection.only = arguments[index + 1].split(separator: ",").map(String.init)
  arguments.removeSubrange(index...(index + 1))
}

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
guard let catalogued = BenchmarkCatalog.suite(named: arguments[0]) else {
  fail("unknown suite '\(arguments[0])'; known: \(BenchmarkCatalog.suites.map(\.name).joined(separator: ", "))")
}
let suite: any BenchmarkSuite
do {
  suite = try catalogued.selecting(selection)
} catch {
  fail("\(error)")
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
