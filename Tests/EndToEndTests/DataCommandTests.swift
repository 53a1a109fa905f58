import EBMCommand
import EBMProtocols
import Foundation
import Tasks
import Testing
import _EBMTestSupport

/// `ebm data tracking`: usage errors exit 2 in one line; a small set is written in the GOT-10k
/// layout and read back.
@Suite struct DataCommandTests {
  let registry = EndToEndCauchyObjective.registry()

  @Test(arguments: [
    (["data"], "ebm data: error: missing the data set (tracking)"),
    (["data", "detection", "--out", "d"], "ebm data: error: unknown data set 'detection'; help: ebm data tracking --out DIR"),
    (["data", "tracking"], "ebm data: error: missing --out DIR"),
    (["data", "tracking", "--out", "d", "--split", "val"], "ebm data: error: --split must be train or test, got 'val'"),
  ])
  func usageErrors(arguments: [String], message: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = CLIRun(arguments, registry: registry, in: folder.url)
    #expect(result.status == 2)
    #expect(result.error.first == message)
    #expect(folder.contents().isEmpty)
  }

  @Test func writesAReadableGOT10kSet() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = CLIRun(
      ["data", "tracking", "--out", "set", "--sequences", "1", "--frames", "3", "--size", "32"], registry: registry,
      in: folder.url)
    #expect(result.status == 0, "\(result.error)")
    let sequences = try TrackingBenchmarkReader.read(folder.url.appendingPathComponent("set"), format: .got10k)
    #expect(sequences.count == 1 && sequences[0].frames.count == 3 && sequences[0].cover?.count == 3)
    // A second write into the same folder is refused.
    let again = CLIRun(["data", "tracking", "--out", "set"], registry: registry, in: folder.url)
    #expect(again.status == 2)
  }
}
