import EBMCommand
import Foundation
import Testing
import Tensors
import _EBMTestSupport

/// `ebm image decode|info` against the shared codec corpus.
@Suite struct ImageCommandTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/image-codecs")
  let registry = EndToEndCauchyObjective.registry()

  @Test func decodeWritesPixelsEqualToPillows() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for name in ["palette.png", "gray-16bit.png", "baseline-gray-q85.jpg"] {
      let file = Self.corpus.appendingPathComponent(name).path
      let result = CLIRun(["image", "decode", file, "--out", "out.safetensors"], registry: registry, in: folder.url)
      #expect(result.status == 0, "\(result.error)")
      let data = try Data(contentsOf: folder.url.appendingPathComponent("out.safetensors"))
      let header = String(decoding: data.prefix(200), as: UTF8.self)
      #expect(header.contains(name.contains("16bit") ? "\"U16\"" : "\"U8\""))
      let ours = try #require(try SafeTensors.decode(data).tensors["pixels"])
      let pillow = try #require(
        try SafeTensors.read(from: Self.corpus.appendingPathComponent(name + ".safetensors")).tensors["pixels"])
      #expect(ours.shape == pillow.shape)
      let largest = zip(ours.scalars, pillow.scalars).map { abs($0 - $1) }.max() ?? 0
      #expect(largest <= (name.hasSuffix(".png") ? 0 : 2), "\(name): max difference \(largest)")
    }
  }

  @Test func infoPrintsFormatSizeChannelsAndEncoding() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = Self.corpus.appendingPathComponent("progressive-420-q85.jpg").path
    let text = CLIRun(["image", "info", file], registry: registry, in: folder.url)
    #expect(text.status == 0)
    #expect(text.output == ["\(file): JPEG 131x97, 3 channels, progressive 4:2:0"])
    let json = try CLIRun(["image", "info", file, "--json"], registry: registry, in: folder.url).json()
    #expect(json["encoding"] as? String == "progressive 4:2:0" && json["width"] as? Int == 131)
  }

  @Test func badFilesAndUsageExitTwoWithOneLine() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).write(to: folder.url.appendingPathComponent("bad.png"))
    let bad = CLIRun(["image", "decode", "bad.png", "--out", "o.safetensors"], registry: registry, in: folder.url)
    #expect(bad.status == 2)
    #expect(bad.error.count == 1)
    #expect(bad.error.first?.contains("bad.png: corrupt PNG: chunk header at byte 8 is truncated") == true, "\(bad.error)")
    #expect(!folder.exists("o.safetensors"))
    let missing = CLIRun(["image", "decode", "bad.png"], registry: registry, in: folder.url)
    #expect(missing.status == 2 && missing.error.first == "ebm image: error: 'decode' needs --out OUT.safetensors")
    let unknown = CLIRun(["image", "show", "bad.png"], registry: registry, in: folder.url)
    #expect(unknown.status == 2 && unknown.error.first == "ebm image: error: unknown action 'show': use 'decode' or 'info'")
  }
}
