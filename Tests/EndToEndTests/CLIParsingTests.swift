@testable import EBMCommand
import EBMProtocols
import Foundation
import Tensors
import Testing

@Suite struct CLIParsingTests {
  @Test func componentSyntaxKeepsCommasOfListValues() throws {
    let reference = try ComponentArgument.parse("gmm:stds=0.1,0.8,components=2", flag: "sampler")
    #expect(reference == ComponentReference("gmm", options: ["stds": "0.1,0.8", "components": "2"]))
    #expect(try ComponentArgument.parse("nce+", flag: "objective") == ComponentReference("nce+"))
    #expect(try ComponentArgument.parse("adam:lr=-0.5", flag: "optimizer") == ComponentReference("adam", options: ["lr": "-0.5"]))
    #expect(throws: CommandError.self) { try ComponentArgument.parse("nce+:samples", flag: "objective") }
    #expect(throws: CommandError.self) { try ComponentArgument.parse("nce+:=3", flag: "objective") }
  }

  @Test func parserReadsValuesSwitchesAndPositionals() throws {
    let parser = ArgumentParser(
      flags: [.value("count", "N", ""), .toggle("json", ""), .value("shift", "X", "")], maximumPositionals: 2)
    let parsed = try parser.parse(["a.safetensors", "--count=3", "--json", "--shift", "-0.5", "--", "--literal"])
    #expect(parsed.positionals == ["a.safetensors", "--literal"])
    #expect(parsed.string("count") == "3")
    #expect(try parsed.int("count", range: 1...10) == 3)
    #expect(try parsed.double("shift") == -0.5)
    #expect(parsed.has("json"))
    #expect(throws: CommandError.self) { try parser.parse(["-c", "3"]) }
  }

  @Test func openEndedFlagsAreCollected() throws {
    let parser = ArgumentParser(flags: [.value("seeds", "N", "")], acceptsExtraFlags: true, maximumPositionals: 1)
    let parsed = try parser.parse(["toy", "--methods", "a,b", "--verbose", "--seeds", "2"])
    #expect(parsed.extra.map(\.name) == ["methods", "verbose"])
    #expect(parsed.extra.map(\.value) == ["a,b", nil])
    #expect(parsed.values["seeds"] == "2")
  }

  @Test func jsonTextIsEscapedAndNonFiniteIsNull() {
    let value = JSONValue.object([
      ("name", .string("a \"b\"\n\u{1}")), ("x", .number(Double.nan)), ("n", .number(1.5)), ("list", .array([.int(1)])),
    ])
    #expect(value.compact == #"{"name": "a \"b\"\n\u0001", "x": null, "n": 1.5, "list": [1]}"#)
  }

  /// Sampling–importance–resampling picks index i with probability ∝ exp(−Eᵢ − log qᵢ):
  /// here weights ∝ (e⁰, e^{ln 3}) = (1, 3), so index 1 has probability 3/4; 4000 draws
  /// have standard error √(3/16/4000) ≈ 0.007, so the frequency is within 0.03 of 0.75.
  @Test func resamplingFollowsTheImportanceWeights() {
    var rng = RandomGenerator(seed: 1)
    let picks = SampleCommand.resample(
      energies: [1, 1 - Float(Foundation.log(3.0))], logQ: [-1, -1], count: 4000, rng: &rng)
    let share = Double(picks.filter { $0 == 1 }.count) / 4000
    #expect(Swift.abs(share - 0.75) < 0.03)
    // Non-finite weights are never picked.
    let safe = SampleCommand.resample(energies: [.infinity, 0], logQ: [0, 0], count: 100, rng: &rng)
    #expect(safe.allSatisfy { $0 == 1 })
  }
}
