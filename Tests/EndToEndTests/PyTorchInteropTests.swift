import EBM
import EBMProtocols
import Foundation
import Tensors
import Testing

@testable import Architectures

/// Weights in PyTorch's names and layout load with `ebm train --init-weights`, and the weights
/// `ebm train` writes are a plain `state_dict`. The files are written here byte by byte as
/// `safetensors.torch.save_file` writes them (no PyTorch needed).
@Suite struct PyTorchInteropTests {
  /// A safetensors file as PyTorch's writer lays it out: 8-byte little-endian header length,
  /// the JSON header (`__metadata__` {"format": "pt"}, F32 tensors with byte offsets in key
  /// order), then the little-endian data.
  static func torchFile(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> Data {
    var entries = ["\"__metadata__\":{\"format\":\"pt\"}"]
    var body = Data()
    for tensor in tensors.sorted(by: { $0.name < $1.name }) {
      let start = body.count
      for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { body.append(contentsOf: $0) } }
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      entries.append("\"\(tensor.name)\":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(start),\(body.count)]}")
    }
    var header = Data(("{" + entries.joined(separator: ",") + "}").utf8)
    while header.count % 8 != 0 { header.append(0x20) }
    var file = Data()
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
    return file + header + body
  }

  /// `nn.ModuleList([nn.Linear(2, 3), nn.Linear(3, 1)])` as `layers`: weight rows are output units.
  static let hidden: [Float] = [0.5, -1, 2, 0.25, -0.75, 1.5]  // [3, 2]
  static let hiddenBias: [Float] = [0.1, -0.2, 0.3]
  static let output: [Float] = [1, -2, 0.5]  // [1, 3]
  static let outputBias: [Float] = [0.05]

  static func write(_ tensors: [(name: String, shape: [Int], values: [Float])], in folder: TemporaryFolder) throws -> String {
    let path = folder.path("torch.safetensors")
    try torchFile(tensors).write(to: URL(fileURLWithPath: path))
    return path
  }

  static let layers: [(name: String, shape: [Int], values: [Float])] = [
    ("layers.0.weight", [3, 2], hidden), ("layers.0.bias", [3], hiddenBias),
    ("layers.1.weight", [1, 3], output), ("layers.1.bias", [1], outputBias),
  ]

  static let arguments = [
    "train", "--task", "moons:size=64,test-size=16", "--architecture", "mlp:width=3,depth=1,activation=tanh",
    "--objective", "dsm", "--no-pictures", "--json",
  ]

  @Test func torchStateDictLoadsAndGivesTheSameEnergy() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = try Self.write(Self.layers, in: folder)
    let run = CLIRun(
      Self.arguments + ["--init-weights", file, "--epochs", "0", "--out", "run"], registry: Registry.standard(),
      in: folder.url)
    #expect(run.status == 0, "\(run.error)")
    // With no training steps, the state_dict written back is the file's, under the same names.
    let written = try SafeTensors.read(from: URL(fileURLWithPath: folder.path("run/weights.safetensors"))).tensors
    #expect(written["layers.0.weight"]?.shape == [3, 2])
    #expect(written["layers.0.weight"]?.scalars == Self.hidden)
    #expect(written["layers.1.weight"]?.scalars == Self.output)
    // E(x) = W₂ tanh(W₁ x + b₁) + b₂ with PyTorch's convention, computed by hand.
    let energy = MLPEnergy(dimension: 2, width: 3, depth: 1, activation: .tanh)
    let point: [Float] = [0.3, -1.2]
    var expected = Double(Self.outputBias[0])
    for j in 0..<3 {
      let z = Double(Self.hidden[2 * j]) * Double(point[0]) + Double(Self.hidden[2 * j + 1]) * Double(point[1])
        + Double(Self.hiddenBias[j])
      expected += Double(Self.output[j]) * Foundation.tanh(z)
    }
    let e = energy.energy(x: nil, y: Tensor(shape: [1, 2], scalars: point), parameters: written)
    #expect(abs(Double(e.scalars[0]) - expected) < 1e-5)
  }

  @Test func trainingFromTorchWeightsDiffersFromAFreshStart() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = try Self.write(Self.layers, in: folder)
    let registry = Registry.standard()
    let fromTorch = CLIRun(Self.arguments + ["--init-weights", file, "--epochs", "1", "--out", "a"], registry: registry, in: folder.url)
    let fresh = CLIRun(Self.arguments + ["--epochs", "1", "--out", "b"], registry: registry, in: folder.url)
    #expect(fromTorch.status == 0 && fresh.status == 0)
    let a = try SafeTensors.read(from: URL(fileURLWithPath: folder.path("a/weights.safetensors"))).tensors
    let b = try SafeTensors.read(from: URL(fileURLWithPath: folder.path("b/weights.safetensors"))).tensors
    #expect(a["layers.0.weight"]!.scalars != b["layers.0.weight"]!.scalars)
    // One epoch moved the loaded weights, but stayed near them (2 steps of Adam, lr 1e-3).
    let moved = zip(a["layers.0.weight"]!.scalars, Self.hidden).map { abs($0 - $1) }.max()!
    #expect(moved > 0 && moved < 0.1)
  }

  @Test(arguments: [
    ("transposed", "has shape [2, 3]"), ("missing", "has no tensor 'layers.1.bias'"), ("extra", "'extra.weight'"),
  ])
  func mismatchedFilesAreUsageErrorsNamingTheTensor(_ fault: String, _ message: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var tensors = Self.layers
    switch fault {
    case "transposed": tensors[0].shape = [2, 3]
    case "missing": tensors.removeLast()
    default: tensors.append(("extra.weight", [1], [0]))
    }
    let file = try Self.write(tensors, in: folder)
    let run = CLIRun(Self.arguments + ["--init-weights", file, "--epochs", "0"], registry: Registry.standard(), in: folder.url)
    #expect(run.status == 2)
    #expect(run.error.joined().contains(message), "\(run.error)")
    #expect(run.error.joined().contains("torch.safetensors"))
  }
}
