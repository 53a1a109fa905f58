import EBMProtocols
import Foundation
import Testing
import Tasks
import Tensors

private func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)] }

private func reason(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch let error as EBMError {
    return error.description
  } catch {
    return "\(error)"
  }
}

@Suite final class OODDataTests {
  /// One folder per test (Swift Testing makes a fresh suite instance for each), removed when it ends.
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ood-data-tests-\(UUID().uuidString)")

  deinit { try? FileManager.default.removeItem(at: folder) }

  func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> URL {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
  }

  @Test func idxReaderReadsImagesAndLabels() throws {
    let images = try temporaryFile("images-idx3-ubyte", [0, 0, 8, 3] + bigEndian(2) + bigEndian(2) + bigEndian(3) + Array(0..<12))
    let labels = try temporaryFile("labels-idx1-ubyte", [0, 0, 8, 1] + bigEndian(2) + [7, 1])
    let read = try IDXReader.readLabelledImages(images: images, labels: labels)
    #expect(read.imageShape == [2, 3])
    #expect(read.labels == [7, 1])
    #expect(read.pixels == (0..<12).map(Float.init))
    // Float32 and int16 payloads, big-endian.
    let floats = try IDXReader.decode([0, 0, 0x0D, 1] + bigEndian(1) + bigEndian(Float(-1.5).bitPattern), path: "f")
    #expect(floats.values == [-1.5])
    let shorts = try IDXReader.decode([0, 0, 0x0B, 1] + bigEndian(1) + [0xFF, 0xFE], path: "s")
    #expect(shorts.values == [-2])
  }

  @Test func idxReaderNamesTheFileAndTheProblem() throws {
    let truncated = try temporaryFile("short-idx1-ubyte", [0, 0, 8, 1] + bigEndian(5) + [1, 2])
    let message = reason { _ = try IDXReader.read(truncated) } ?? ""
    #expect(message.contains("short-idx1-ubyte") && message.contains("needs 13"))
    let gzip = try temporaryFile("t10k.gz", [0x1F, 0x8B, 8, 0, 0, 0])
    #expect((reason { _ = try IDXReader.read(gzip) } ?? "").contains("gzip"))
    #expect((reason { _ = try IDXReader.decode([0, 0, 0x42, 1, 0, 0, 0, 0], path: "x") } ?? "").contains("0x42"))
    let images = try temporaryFile("i", [0, 0, 8, 2] + bigEndian(3) + bigEndian(1) + [1, 2, 3])
    let labels = try temporaryFile("l", [0, 0, 8, 1] + bigEndian(2) + [0, 1])
    #expect((reason { _ = try IDXReader.readLabelledImages(images: images, labels: labels) } ?? "").contains("2 labels"))
  }

  @Test func cifarReaderReadsRecordsAndRejectsBadFiles() throws {
    var bytes: [UInt8] = []
    for (label, fill) in [(3, 10), (9, 200)] as [(UInt8, UInt8)] {
      bytes.append(label)
      bytes += [UInt8](repeating: fill, count: 3072)
    }
    bytes[1 + 1024] = 77  // green channel, first pixel, of record 0
    let url = try temporaryFile("data_batch_1.bin", bytes)
    let read = try CIFAR10Reader.read(url)
    #expect(read.labels == [3, 9] && read.imageShape == [3, 32, 32])
    #expect(read.pixels[1024] == 77 && read.pixels[0] == 10 && read.pixels[3072] == 200)
    let bad = try temporaryFile("cut.bin", Array(bytes.prefix(3000)))
    #expect((reason { _ = try CIFAR10Reader.read(bad) } ?? "").contains("cut.bin"))
    bytes[3073] = 10
    #expect((reason { _ = try CIFAR10Reader.decode(bytes, path: "b.bin") } ?? "").contains("record 1 has label 10"))
  }

  @Test func digitsCSVReaderChecksFields() {
    let header = (0..<64).map { "p\($0)" }.joined(separator: ",") + ",label,src\n"
    let row = (0..<64).map { _ in "16" }.joined(separator: ",") + ",3,0\n"
    #expect((try? DigitsCSVReader.parse(header + row, path: "ok.csv"))?.labels == [3])
    let badPixel = (0..<64).map { _ in "17" }.joined(separator: ",") + ",3,0\n"
    #expect((reason { _ = try DigitsCSVReader.parse(header + badPixel, path: "bad.csv") } ?? "").contains("bad.csv: line 2"))
  }

  @Test func longTailedSubsamplerFollowsTheExponentialProfile() throws {
    let sampler = try LongTailedSubsampler(imbalanceRatio: 10, maxPerClass: 120)
    #expect(sampler.counts(classCount: 6) == [120, 75, 47, 30, 19, 12])
    let labels = (0..<600).map { $0 % 3 }
    let small = try LongTailedSubsampler(imbalanceRatio: 4, maxPerClass: 100)
    var rng = RandomGenerator(seed: 3)
    let picked = try small.indices(labels: labels, classCount: 3, using: &rng)
    #expect((0..<3).map { c in picked.filter { labels[$0] == c }.count } == [100, 50, 25])
    #expect(Set(picked).count == picked.count)
    #expect(throws: EBMError.self) { try LongTailedSubsampler(imbalanceRatio: 0.5, maxPerClass: 10) }
    var rng2 = RandomGenerator(seed: 3)
    #expect(throws: EBMError.self) {
      try LongTailedSubsampler(imbalanceRatio: 1, maxPerClass: 500).indices(labels: labels, classCount: 3, using: &rng2)
    }
  }

  @Test func bundledSplitHasTheDocumentedCounts() throws {
    var rng = RandomGenerator(seed: 0)
    let data = try OODDigitsTask().makeData(using: &rng)
    let labels = try #require(data.train.labels)
    #expect((0..<6).map { c in labels.filter { $0 == c }.count } == [120, 75, 47, 30, 19, 12])
    #expect(data.test.count == 300 && data.outliers?.count == 360)
    #expect(data.extra.map(\.name) == ["digits89", "patches", "noise"])
    #expect(data.extra.map(\.data.count) == [354, 360, 360])
    let x = try #require(data.train.x)
    #expect(x.shape == [303, 64] && x.scalars.max() == 1 && x.scalars.min() == 0)
  }
}
