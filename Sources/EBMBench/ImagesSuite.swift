import Foundation
import Images
import Tensors

/// `ebm-bench images`: JPEG and PNG decoding speed in megapixels per second on the photos of
/// `shared/data/photos` (found upward from the current directory, or `$EBM_BENCH_PHOTOS`),
/// decoded from bytes in memory, one thread, beside Pillow (libjpeg-turbo, zlib) on the same
/// files measured in the same run by `Benchmarks/images_reference.py` (`ratio_to_pillow` =
/// ours / Pillow's MP/s: above 1 is faster).
///
/// A format's figure is its photos' total megapixels over the sum of their best decode times.
/// The suite calls ``AllocatorTuning/keepLargeBlocksInHeap()`` first, as the regression suite
/// does (our decoders allocate whole-image buffers).
struct ImagesSuite: BenchmarkSuite {
  let name = "images"
  let summary = "JPEG and PNG decode MP/s on the photos (one thread), vs Pillow"

  static let photosPath = "shared/data/photos"

  func run(report: (BenchmarkRecord) -> Void, note: (String) -> Void) {
    let environment = ProcessInfo.processInfo.environment
    guard
      let folder = environment["EBM_BENCH_PHOTOS"]
        ?? NumpyReference.locateScript(Self.photosPath)
        ?? NumpyReference.locateScript("../" + Self.photosPath)
    else {
      note("images: no \(Self.photosPath) folder found upward from here; set EBM_BENCH_PHOTOS")
      return
    }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    // A whole-image decoder allocates megabytes per call; keep freed blocks in the heap so
    // repeated decodes do not pay page faults (libjpeg works in strips and needs no such help).
    if AllocatorTuning.keepLargeBlocksInHeap() {
      note("allocator tuned: large blocks kept in the heap (AllocatorTuning)")
    }
    var reference: [String: Double] = [:]
    do {
      for record in try Self.pillow(photos: folder) {
        reference[record.benchmark] = record.figure("mp_per_s")
        report(record)
      }
    } catch {
      note("Pillow reference skipped: \(error)")
    }
    for (format, suffix) in [("jpeg", ".jpg"), ("png", ".png")] {
      var pixels = 0
      var seconds = 0.0
      var count = 0
      for name in names where name.lowercased().hasSuffix(suffix) {
        guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
        let bytes = [UInt8](data)
        do {
          let image = try Image(decoding: bytes)
          pixels += image.width * image.height
        } catch {
          note("images: \(name): \(error)")
          continue
        }
        count += 1
        seconds += Stopwatch.best(warmup: 1, minimumRuns: 5, budget: 0.4) {
          _ = try? Image(decoding: bytes)
        }
      }
      guard count > 0 else { continue }
      let rate = Double(pixels) / 1e6 / seconds
      var figures: [(name: String, value: Double)] = [("mp_per_s", rate)]
      if let theirs = reference["pillow-decode-" + format] { figures.append(("ratio_to_pillow", rate / theirs)) }
      let shape = "\(count) photos, \(String(format: "%.2f", Double(pixels) / 1e6)) MP"
      report(BenchmarkRecord(benchmark: "decode-" + format, shape: shape, threads: 1, figures: figures))
    }
  }

  /// Pillow's MP/s per format (`pillow-decode-jpeg` / `-png` records), run through
  /// ``ReferenceScript`` (the venv's python).
  static func pillow(photos: String) throws -> [BenchmarkRecord] {
    let objects = try ReferenceScript.run("Benchmarks/images_reference.py", arguments: ["--photos", photos])
    var records: [BenchmarkRecord] = []
    for object in objects {
      guard let benchmark = object["benchmark"] as? String, let shape = object["shape"] as? String,
        let rate = (object["mp_per_s"] as? NSNumber)?.doubleValue
      else { continue }
      records.append(BenchmarkRecord(benchmark: benchmark, shape: shape, threads: 1, figures: [("mp_per_s", rate)]))
    }
    return records
  }
}
