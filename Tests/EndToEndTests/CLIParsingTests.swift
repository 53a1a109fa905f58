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
}
