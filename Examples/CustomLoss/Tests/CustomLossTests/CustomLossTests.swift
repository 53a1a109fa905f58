import CustomLoss
import EBMCommand
import EBMProtocols
import Foundation
import Tensors
import Testing

@Suite struct CustomLossTests {
  /// The sampler's draws stay in the box, and its log q is −d log 2w there and −∞ outside.
  @Test func uniformBoxDensity() throws {
    var sampler = UniformBoxProposal()
    sampler.options.halfWidth = 2
    var rng = RandomGenerator(seed: 1)
    let centres = Tensor([[1, -1], [0, 2]])
    let result = try sampler.propose(.around(centres, count: 5), using: &rng)
    #expect(result.samples.shape == [2, 5, 2])
    for (index, value) in result.samples.scalars.enumerated() {
      let centre = centres.scalars[(index / 10) * 2 + index % 2]
      #expect(abs(value - centre) <= 2)
    }
    let insideEverywhere = result.logDensity.scalars.allSatisfy { $0 == Float(-2 * log(4.0)) }
    #expect(insideEverywhere)
    let outside = result.logDensity(of: Tensor(shape: [2, 1, 2], scalars: [3.5, -1, 0, 2]))
    #expect(outside.scalars == [-.infinity, Float(-2 * log(4.0))])
  }

  /// The command line of this package's own executable trains with both components by name.
  @Test func ebmCommandsRunWithTheCustomComponents() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custom-loss-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let lines = LineBox()
    let describe = EBMTool.run(
      arguments: ["describe", "softplus-ranking"], registry: CustomComponents.registry(),
      output: { lines.append($0) }, error: { lines.append($0) }, workingDirectory: folder)
    #expect(describe == 0)
    #expect(lines.text.contains("samples"))
    let train = EBMTool.run(
      arguments: [
        "train", "--task", "regression1d-1:train-count=128", "--objective", "softplus-ranking:samples=16",
        "--sampler", "uniform-box:half-width=2", "--epochs", "2", "--no-pictures", "--json", "--out", "run",
      ],
      registry: CustomComponents.registry(), output: { lines.append($0) }, error: { lines.append($0) },
      workingDirectory: folder)
    #expect(train == 0, "\(lines.text)")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("run/weights.safetensors").path))
  }
}

/// Lines written by the command line, collected across threads.
final class LineBox: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ line: String) { lock.withLock { lines.append(line) } }
  var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
