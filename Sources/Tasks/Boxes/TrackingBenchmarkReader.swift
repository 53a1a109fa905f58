import EBMProtocols
import Foundation

/// Reads the tracking benchmarks users bring, in their published folder layouts (as
/// pytracking's `evaluation/*dataset.py` reads them), with JPEG or PNG frames:
///
/// | format | sequence folder | annotation | visibility |
/// |---|---|---|---|
/// | `otb` | `ROOT/Seq/img/0001.jpg` | `ROOT/Seq/groundtruth_rect.txt` (comma, tab or space) | — |
/// | `got10k` | `ROOT/Seq/00000001.jpg`, sequences in `ROOT/list.txt` or every folder | `groundtruth.txt` | `absence.label`, `cover.label` |
/// | `lasot` | `ROOT/class/class-N/img/00000001.jpg` (or `ROOT/class-N/img/…`) | `groundtruth.txt` | `full_occlusion.txt`, `out_of_view.txt` |
/// | `uav123` | `ROOT/data_seq/UAV123/seq/000001.jpg` | `ROOT/anno/UAV123/seq.txt`, NaN rows = absent | — |
///
/// Frames are the folder's `.jpg`, `.jpeg` and `.png` files in name order; there must be
/// exactly one annotation row per frame. UAV123's sub-sequences that share a frame folder
/// (`bird1_1`, `bird1_2`, … all in `data_seq/UAV123/bird1/`) are read through the toolkit's
/// frame table, `ROOT/configSeqs.m` as it comes with UAV123, or `ROOT/frame-ranges.txt` with
/// lines `NAME FOLDER START END` (``FrameRanges``); a sequence not in the table reads
/// `data_seq/UAV123/NAME/` whole.
public enum TrackingBenchmarkReader {
  /// A benchmark layout.
  public enum Format: String, Sendable, CaseIterable {
    case otb
    case got10k = "got10k"
    case lasot
    case uav123 = "uav123"

    /// How this benchmark's toolkit scores absent frames.
    public var convention: TrackingEvaluation.Convention {
      switch self {
      case .otb, .got10k: return .standard
      case .lasot: return .lasot
      case .uav123: return .uav
      }
    }
  }

  /// Every sequence under `root`, in name order (GOT-10k: `list.txt` order).
  ///
  /// - Throws: `EBMError.invalidFile` naming the folder or file that does not fit the layout.
  public static func read(_ root: URL, format: Format) throws -> [TrackingSequence] {
    let sequences: [TrackingSequence]
    switch format {
    case .otb:
      sequences = try subfolders(root).map(readOTB)
    case .got10k:
      let list = root.appendingPathComponent("list.txt")
      if FileManager.default.fileExists(atPath: list.path) {
        let names = try String(contentsOf: list, encoding: .utf8).split(whereSeparator: \.isNewline)
          .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        sequences = try names.map { try readGOT10k(root.appendingPathComponent($0)) }
      } else {
        sequences = try subfolders(root).map(readGOT10k)
      }
    case .lasot:
      sequences = try lasotFolders(root).map(readLaSOT)
    case .uav123:
      let annotations = root.appendingPathComponent("anno/UAV123")
      let files = try contents(annotations).filter { $0.pathExtension == "txt" }
      let ranges = try FrameRanges.find(in: root)
      sequences = try files.map { try readUAV123(annotation: $0, root: root, frameRanges: ranges) }
    }
    guard !sequences.isEmpty else {
      throw EBMError.invalidFile(path: root.path, reason: "holds no \(format.rawValue) sequence; help: see the layout in the docs")
    }
    return sequences
  }

  /// One OTB sequence folder: `img/*.jpg` and `groundtruth_rect.txt`.
  public static func readOTB(_ folder: URL) throws -> TrackingSequence {
    let boxes = try BoxAnnotationFile.readBoxes(try existing(folder.appendingPathComponent("groundtruth_rect.txt")))
    let frames = try frameFiles(folder.appendingPathComponent("img"), count: boxes.count)
    return TrackingSequence(name: folder.lastPathComponent, frames: frames, groundTruth: boxes, convention: .standard)
  }

  /// One GOT-10k sequence folder: frames, `groundtruth.txt`, optional `absence.label` (1 =
  /// absent) and `cover.label`.
  public static func readGOT10k(_ folder: URL) throws -> TrackingSequence {
    let boxes = try BoxAnnotationFile.readBoxes(try existing(folder.appendingPathComponent("groundtruth.txt")))
    let frames = try frameFiles(folder, count: boxes.count)
    let absence = try optionalFlags(folder.appendingPathComponent("absence.label"), count: boxes.count)
    let cover = try optionalFlags(folder.appendingPathComponent("cover.label"), count: boxes.count)
    return TrackingSequence(
      name: folder.lastPathComponent, frames: frames, groundTruth: boxes, targetVisible: absence?.map { $0 == 0 },
      cover: cover, convention: .standard)
  }

  /// One LaSOT sequence folder: `img/`, `groundtruth.txt`, `full_occlusion.txt`, `out_of_view.txt`.
  public static func readLaSOT(_ folder: URL) throws -> TrackingSequence {
    let boxes = try BoxAnnotationFile.readBoxes(try existing(folder.appendingPathComponent("groundtruth.txt")))
    let frames = try frameFiles(folder.appendingPathComponent("img"), count: boxes.count)
    let occluded = try flags(try existing(folder.appendingPathComponent("full_occlusion.txt")), count: boxes.count)
    let outOfView = try flags(try existing(folder.appendingPathComponent("out_of_view.txt")), count: boxes.count)
    return TrackingSequence(
      name: folder.lastPathComponent, frames: frames, groundTruth: boxes,
      targetVisible: zip(occluded, outOfView).map { $0 == 0 && $1 == 0 }, convention: .lasot)
  }

  /// One UAV123 sequence: `anno/UAV123/NAME.txt` and its frames — those the frame table gives
  /// NAME (a range of a shared folder), else every frame of `data_seq/UAV123/NAME/`.
  public static func readUAV123(annotation: URL, root: URL, frameRanges: FrameRanges? = nil) throws -> TrackingSequence {
    let name = annotation.deletingPathExtension().lastPathComponent
    let boxes = try BoxAnnotationFile.readBoxes(annotation)
    let frames: [URL]
    if let frameRanges, let entry = frameRanges.entries[name] {
      let folder = root.appendingPathComponent("data_seq/UAV123/\(entry.folder)")
      frames = try frameRanges.frames(of: name, entry: entry, in: folder, rows: boxes.count, annotation: annotation)
    } else {
      let folder = root.appendingPathComponent("data_seq/UAV123/\(name)")
      guard isFolder(folder) else {
        throw EBMError.invalidFile(
          path: folder.path,
          reason: "does not exist (the frames of \(annotation.lastPathComponent)); help: sub-sequences that share a frame "
            + "folder (bird1_1 in bird1/) need the frame table \(FrameRanges.fileNames.map { "ROOT/" + $0 }.joined(separator: " or "))"
            + (frameRanges.map { ", and \($0.file.lastPathComponent) has no line for \(name)" } ?? ""))
      }
      frames = try frameFiles(folder, count: boxes.count)
    }
    return TrackingSequence(name: name, frames: frames, groundTruth: boxes, convention: .uav)
  }

  // MARK: Folders and files

  static let frameExtensions: Set<String> = ["jpg", "jpeg", "png"]

  /// The image files of `folder` in name order, checked against the number of annotation rows.
  static func frameFiles(_ folder: URL, count: Int) throws -> [URL] {
    let frames = try contents(folder).filter { frameExtensions.contains($0.pathExtension.lowercased()) }
    guard frames.count == count else {
      throw EBMError.invalidFile(
        path: folder.path,
        reason: "holds \(frames.count) JPEG/PNG frames but the annotation has \(count) rows; help: one row per frame")
    }
    return frames
  }

  /// The entries of `folder`, sorted by name, hidden files left out.
  static func contents(_ folder: URL) throws -> [URL] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    } catch {
      throw EBMError.invalidFile(path: folder.path, reason: "is not a readable folder")
    }
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
  }

  static func isFolder(_ url: URL) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
  }

  static func subfolders(_ root: URL) throws -> [URL] { try contents(root).filter(isFolder) }

  /// LaSOT sequence folders: `class/class-N` or directly `class-N`, recognised by their `img/`.
  static func lasotFolders(_ root: URL) throws -> [URL] {
    try subfolders(root).flatMap { folder -> [URL] in
      isFolder(folder.appendingPathComponent("img")) ? [folder] : try subfolders(folder)
    }
  }

  static func existing(_ file: URL) throws -> URL {
    guard FileManager.default.fileExists(atPath: file.path) else {
      throw EBMError.invalidFile(path: file.path, reason: "is missing")
    }
    return file
  }

  static func flags(_ file: URL, count: Int) throws -> [Int] {
    let values = try BoxAnnotationFile.readFlags(file)
    guard values.count == count else {
      throw EBMError.invalidFile(path: file.path, reason: "has \(values.count) flags for \(count) frames; help: one per frame")
    }
    return values
  }

  static func optionalFlags(_ file: URL, count: Int) throws -> [Int]? {
    FileManager.default.fileExists(atPath: file.path) ? try flags(file, count: count) : nil
  }
}
