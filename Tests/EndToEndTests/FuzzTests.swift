@testable import EBMCommand
import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing
import _EBMTestSupport

/// A seeded fuzz suite, bounded to seconds: every case must end in a clean error or a success
/// (a crash would end the test process). Run by CI with the other tests; each test prints its
/// case counts.
@Suite struct FuzzTests {
  let registry = EndToEndCauchyObjective.registry()

  /// Numbers that broke `ebm` before (integer limits, overflow, non-numbers, empty text).
  static let hostileNumbers = [
    "-1", "0", "1.5", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551615",
    "18446744073709551616", "99999999999999999999999", "1e308", "-1e308", "1e-320", "nan", "-nan", "inf", "-inf",
    "0x10", "1_000", "", " ", "+", "--", "٣",
  ]

  /// Schedules that are malformed, out of range or nested deeply.
  static let hostileSchedules = [
    "cosine:-1", "step:1:-1", "step:0:0.5", "step:9223372036854775807:0.5", "warmup:-5", "warmup:9223372036854775807",
    "cosine:nan", "step:1:inf", "step", "warmup:", ":", "constant:1",
    Array(repeating: "warmup:1", count: 5000).joined(separator: ":"),
  ]

  /// One byte-level mutation of `bytes`: flip a bit, set a byte to a boundary value, drop a
  /// range, duplicate a range, or truncate.
  static func mutate(_ bytes: [UInt8], _ rng: inout RandomGenerator) -> [UInt8] {
    var out = bytes
    guard !out.isEmpty else { return [UInt8(truncatingIfNeeded: rng.next())] }
    let i = rng.uniformInt(below: out.count)
    switch rng.uniformInt(below: 6) {
    case 0: out[i] ^= UInt8(1) << UInt8(rng.uniformInt(below: 8))
    case 1: out[i] = [0, 0x7F, 0x80, 0xFF, UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: ",")][rng.uniformInt(below: 7)]
    case 2: out.removeSubrange(i..<min(out.count, i + 1 + rng.uniformInt(below: 16)))
    case 3: out.insert(contentsOf: out[i..<min(out.count, i + 1 + rng.uniformInt(below: 16))], at: rng.uniformInt(below: out.count))
    case 4: out.removeSubrange(i...)
    default:
      // Replace a run of digits with a hostile number.
      var end = i
      while end < out.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(out[end]) || out[end] == UInt8(ascii: "-") { end += 1 }
      let number = hostileNumbers[rng.uniformInt(below: hostileNumbers.count)]
      out.replaceSubrange(i..<end, with: Array(number.utf8))
    }
    return out
  }

  func expectCleanEnd(_ result: CLIRun, _ arguments: [String], command: String) {
    #expect([0, 1, 2].contains(result.status), "\(arguments)")
    if result.status != 0 {
      #expect(result.error.last { $0.hasPrefix("ebm \(command): error: ") } != nil, "\(arguments): \(result.error)")
    }
  }

  @Test func mutatedCheckpointsEndInACleanErrorOrSuccess() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let trained = CLIRun(["train", "--task", "toy-line", "--epochs", "1", "--out", "base", "--no-pictures"], registry: registry, in: folder.url)
    #expect(trained.status == 0)
    let weights = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent("base/model.safetensors")))
    let sidecar = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent("base/model.json")))
    var rng = RandomGenerator(seed: 16)
    var counts = (cases: 0, read: 0, refused: 0, evaluated: 0)
    let directory = folder.url.appendingPathComponent("mutant")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent("model.safetensors")
    for index in 0..<600 {
      var w = weights
      var s = sidecar
      for _ in 0..<(1 + rng.uniformInt(below: 3)) {
        if rng.uniformInt(below: 2) == 0 { w = Self.mutate(w, &rng) } else { s = Self.mutate(s, &rng) }
      }
      try Data(w).write(to: url)
      try Data(s).write(to: Checkpoint.sidecarURL(for: url))
      counts.cases += 1
      do {
        _ = try Checkpoint.read(from: url)
        counts.read += 1
      } catch is EBMError {
        counts.refused += 1
      }
      if index % 20 == 0 {
        let arguments = ["eval", url.path, "--no-pictures", "--out", "eval-\(index)"]
        expectCleanEnd(CLIRun(arguments, registry: registry, in: folder.url), arguments, command: "eval")
        counts.evaluated += 1
      }
    }
    print("fuzz: \(counts.cases) mutated checkpoints: \(counts.read) read, \(counts.refused) refused with an error; \(counts.evaluated) through ebm eval")
    #expect(counts.refused > 0 && counts.read + counts.refused == counts.cases)
  }

  @Test func mutatedPipelineFilesEndInACleanErrorOrAPipeline() throws {
    let base = Array(
      #"{"format": "swift-ebm-pipeline-1", "task": {"name": "toy-line", "options": {"train": 64}}, "objective": {"name": "toy-ml-is", "options": {"samples": 16}}, "optimizer": {"name": "sgd", "options": {"lr": 0.01}}, "schedule": {"warmup": {"steps": 10, "then": {"step": {"every": 5, "gamma": 0.5}}}}, "epochs": 3, "batchSize": 8, "seed": 7}"#.utf8)
    do {
      let spec = try PipelineSpec.decode(Data(base), path: "base.json")
      _ = try registry.makePipeline(try TrainCommand.typed(spec, registry: registry))
    } catch {
      Issue.record("the unmutated pipeline must compose: \(error)")
    }
    var rng = RandomGenerator(seed: 17)
    var counts = (cases: 0, composed: 0, refused: 0)
    for _ in 0..<1500 {
      var text = base
      if rng.uniformInt(below: 2) == 0 {
        // Structure-aware: one number of the file becomes a hostile number.
        let digits = text.indices.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[$0]) }
        let start = digits[rng.uniformInt(below: digits.count)]
        var end = start
        while end < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[end]) || text[end] == UInt8(ascii: ".") { end += 1 }
        var number = Self.hostileNumbers[rng.uniformInt(below: Self.hostileNumbers.count)]
        if Double(number) == nil || !number.allSatisfy({ "0123456789.-e+".contains($0) }) { number = "\"\(number)\"" }
        text.replaceSubrange(start..<end, with: Array(number.utf8))
      } else {
        for _ in 0..<(1 + rng.uniformInt(below: 2)) { text = Self.mutate(text, &rng) }
      }
      counts.cases += 1
      do {
        // `ebm train --config`'s composition: decode, type the options, compose.
        let spec = try PipelineSpec.decode(Data(text), path: "fuzz.json")
        _ = try registry.makePipeline(try TrainCommand.typed(spec, registry: registry))
        counts.composed += 1
      } catch is EBMError {
        counts.refused += 1
      }
    }
    print("fuzz: \(counts.cases) mutated pipeline files: \(counts.composed) composed, \(counts.refused) refused with an error")
    #expect(counts.composed > 0 && counts.refused > 0)
  }

  @Test func hostileNumbersThroughEveryNumericFlag() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // With a proposal sampler, so that `ebm sample` gets as far as sampling.
    let trained = CLIRun(
      ["train", "--task", "toy-line", "--objective", "toy-ml-is", "--epochs", "1", "--out", "base", "--no-pictures"],
      registry: registry, in: folder.url)
    #expect(trained.status == 0)
    let checkpoint = folder.path("base/model.safetensors")
    var cases = 0
    var byStatus = [Int32: Int]()
    var index = 0
    for command in EBMTool.subcommands {
      let numeric = command.flags.filter { ["N", "X", "S"].contains($0.valueName ?? "") }.map(\.name)
      let extra = command.name == "study" ? ["epochs"] : []
      for flag in numeric + extra {
        let values = flag == "schedule" ? Self.hostileSchedules : Self.hostileNumbers
        for value in values {
          index += 1
          let base: [String]
          switch command.name {
          case "train": base = ["train", "--task", "toy-line", "--epochs", "0", "--no-pictures", "--out", "run-\(index)"]
          case "sample": base = ["sample", checkpoint, "--out", "samples-\(index).csv"]
          case "data": base = ["data", "tracking", "--sequences", "1", "--frames", "2", "--size", "32", "--out", "data-\(index)"]
          case "study": base = ["study", "toy-study", "--seeds", "1", "--epochs", "0", "--no-pictures", "--out", "study-\(index)"]
          default: base = [command.name]
          }
          let arguments = base + ["--\(flag)=\(value)"]
          let result = CLIRun(arguments, registry: registry, in: folder.url)
          expectCleanEnd(result, arguments, command: command.name)
          cases += 1
          byStatus[result.status, default: 0] += 1
        }
      }
    }
    print("fuzz: \(cases) hostile numbers through every numeric flag: \(byStatus[0] ?? 0) ran, \(byStatus[2] ?? 0) usage errors, \(byStatus[1] ?? 0) failed runs")
    #expect((byStatus[2] ?? 0) > 0)
  }

  /// Mutated PNG files through `ebm image info` (the decoders' own fuzz suite, in ImagesTests,
  /// covers PNG and JPEG in depth), and files that are not regular files.
  @Test func mutatedImagesThroughTheImageCommand() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let picture = RasterImage(width: 13, height: 7)
    let png = [UInt8](picture.pngData())
    var rng = RandomGenerator(seed: 18)
    var byStatus = [Int32: Int]()
    let url = folder.url.appendingPathComponent("mutant.png")
    for _ in 0..<200 {
      var bytes = png
      for _ in 0..<(1 + rng.uniformInt(below: 3)) { bytes = Self.mutate(bytes, &rng) }
      try Data(bytes).write(to: url)
      let arguments = ["image", "info", url.path]
      let result = CLIRun(arguments, registry: registry, in: folder.url)
      expectCleanEnd(result, arguments, command: "image")
      byStatus[result.status, default: 0] += 1
    }
    for special in [folder.url.path, "/dev/zero"] {
      let result = CLIRun(["image", "info", special], registry: registry, in: folder.url)
      #expect(result.status == 2 || result.status == 1)
      #expect(result.error.first?.contains("not a regular file") == true, "\(result.error)")
    }
    let decoded: Int = byStatus[0] ?? 0
    let refused: Int = (byStatus[1] ?? 0) + (byStatus[2] ?? 0)
    print("fuzz: 200 mutated PNG files through ebm image info: \(decoded) decoded, \(refused) refused with an error")
    #expect(decoded + refused == 200)
  }
}
