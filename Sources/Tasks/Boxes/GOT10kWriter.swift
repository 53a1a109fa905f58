import EBMProtocols
import Foundation

/// Writes tracking sequences in the GOT-10k layout, so that anything that reads GOT-10k (our
/// ``TrackingBenchmarkReader``, pytracking, the GOT-10k toolkit) reads them:
///
/// ```
/// ROOT/list.txt                 one sequence name a line
/// ROOT/NAME/00000001.png …      the frames
/// ROOT/NAME/groundtruth.txt     x,y,w,h per frame
/// ROOT/NAME/cover.label         visible fraction bin 0 … 8 per frame
/// ROOT/NAME/absence.label       1 where the target is absent (cover 0), else 0
/// ```
public enum GOT10kWriter {
  /// Writes one sequence's folder `root/name`.
  ///
  /// - Parameters:
  ///   - frames: the frames, all of one size.
  ///   - groundTruth: one box per frame.
  ///   - cover: one bin 0 … 8 per frame (GOT-10k: 0 = absent, 8 = fully visible).
  /// - Throws: `EBMError.invalid` for mismatched counts, file errors naming the path.
  public static func writeSequence(
    name: String, frames: [RasterImage], groundTruth: [BoundingBox], cover: [Int], to root: URL
  ) throws {
    guard frames.count == groundTruth.count, cover.count == frames.count, !frames.isEmpty else {
      throw EBMError.invalid(
        "GOT-10k writer: sequence '\(name)' has \(frames.count) frames, \(groundTruth.count) boxes and \(cover.count) cover labels; help: one of each per frame")
    }
    guard cover.allSatisfy({ (0...8).contains($0) }) else {
      throw EBMError.invalid("GOT-10k writer: sequence '\(name)' has a cover label outside 0 … 8")
    }
    let folder = root.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (index, frame) in frames.enumerated() {
      try frame.writePNG(to: folder.appendingPathComponent(frameName(index)))
    }
    try write(BoxAnnotationFile.format(groundTruth), to: folder.appendingPathComponent("groundtruth.txt"))
    try write(cover.map(String.init).joined(separator: "\n") + "\n", to: folder.appendingPathComponent("cover.label"))
    try write(
      cover.map { $0 == 0 ? "1" : "0" }.joined(separator: "\n") + "\n", to: folder.appendingPathComponent("absence.label"))
  }

  /// Writes `ROOT/list.txt`.
  public static func writeList(_ names: [String], to root: URL) throws {
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try write(names.joined(separator: "\n") + "\n", to: root.appendingPathComponent("list.txt"))
  }

  /// `00000001.png` for index 0.
  public static func frameName(_ index: Int) -> String {
    let number = String(index + 1)
    return String(repeating: "0", count: max(0, 8 - number.count)) + number + ".png"
  }

  static func write(_ text: String, to url: URL) throws {
    do {
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "cannot be written (\(error.localizedDescription))")
    }
  }
}
