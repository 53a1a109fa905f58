import EBMProtocols
import Foundation

/// Reads CIFAR-10 binary batches (`data_batch_1.bin` … `test_batch.bin`): records of one label
/// byte (0…9) followed by 3072 pixel bytes (1024 red, 1024 green, 1024 blue, each row-major
/// 32 × 32). Users bring the files; nothing is downloaded.
public enum CIFAR10Reader {
  /// Bytes per record: 1 label + 3 × 32 × 32 pixels.
  public static let recordSize = 1 + 3 * 32 * 32

  /// Reads one batch file: images of shape `[3, 32, 32]` with raw pixel values 0…255.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the file and what is wrong.
  public static func read(_ url: URL) throws -> LabelledImages {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
    }
    return try decode([UInt8](data), path: url.path)
  }

  /// Decodes batch bytes; `path` names the source in errors.
  public static func decode(_ bytes: [UInt8], path: String) throws -> LabelledImages {
    guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
      throw EBMError.invalidFile(
        path: path,
        reason: "has \(bytes.count) bytes, not a positive multiple of the \(recordSize)-byte CIFAR-10 record (label + 3072 pixels); is it the Python or a CIFAR-100 version?")
    }
    let n = bytes.count / recordSize
    var labels: [Int] = []
    labels.reserveCapacity(n)
    var pixels: [Float] = []
    pixels.reserveCapacity(n * (recordSize - 1))
    for r in 0..<n {
      let base = r * recordSize
      let label = Int(bytes[base])
      guard label < 10 else {
        throw EBMError.invalidFile(path: path, reason: "record \(r) has label \(label); CIFAR-10 labels are 0…9")
      }
      labels.append(label)
      for i in (base + 1)..<(base + recordSize) { pixels.append(Float(bytes[i])) }
    }
    return LabelledImages(imageShape: [3, 32, 32], pixels: pixels, labels: labels)
  }
}
