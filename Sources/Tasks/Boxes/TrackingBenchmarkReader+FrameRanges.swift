import EBMProtocols
import Foundation

extension TrackingBenchmarkReader {
  /// UAV123's table of sub-sequences: which frames of which folder each annotated sequence
  /// plays. UAV123 cuts some videos into sub-sequences that share one frame folder (`bird1_1`,
  /// `bird1_2`, `bird1_3` all read frames of `data_seq/UAV123/bird1/`, each its own range); its
  /// toolkit keeps the table in `configSeqs.m`, pytracking copies it into its UAV dataset.
  ///
  /// Two file formats, told apart by the extension:
  ///
  /// - `ROOT/configSeqs.m` (the UAV123 toolkit's file, as it comes): every line holding
  ///   `'name','bird1_1'`, `'path','…\data_seq\UAV123\bird1\'`, `'startFrame',1` and
  ///   `'endFrame',253` is an entry (the path's last folder name is used, so the toolkit's
  ///   absolute Windows or Unix paths need no edit); other lines are ignored.
  /// - `ROOT/frame-ranges.txt` (or any other extension): one entry a line,
  ///   `NAME FOLDER START END` separated by spaces, tabs or commas (pytracking's `name`, `path`
  ///   last component, `startFrame`, `endFrame`); `#` starts a comment.
  ///
  /// Frame numbers are 1-based and inclusive and name the files: frame 254 is the file whose
  /// name's number is 254 (`000254.jpg`), whatever the folder's other files. Sequences not in
  /// the table keep `data_seq/UAV123/NAME/` with every frame.
  public struct FrameRanges: Sendable, Equatable {
    /// One sub-sequence: the frame folder's name under `data_seq/UAV123/` and its frames.
    public struct Entry: Sendable, Equatable {
      public var folder: String
      public var frames: ClosedRange<Int>
      /// The line of the file it was read from (for error messages).
      public var line: Int

      public init(folder: String, frames: ClosedRange<Int>, line: Int) {
        self.folder = folder
        self.frames = frames
        self.line = line
      }
    }

    /// The file the table was read from.
    public var file: URL
    /// The entries by sequence name.
    public var entries: [String: Entry]

    /// The file names the reader looks for at the benchmark's root, in this order.
    public static let fileNames = ["configSeqs.m", "frame-ranges.txt"]

    /// The table at `root` (the first of ``fileNames`` that exists), or nil when there is none.
    public static func find(in root: URL) throws -> FrameRanges? {
      for name in fileNames {
        let url = root.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: url.path) { return try read(url) }
      }
      return nil
    }

    /// Reads a table in either format.
    ///
    /// - Throws: `EBMError.invalidFile` naming the file, the line and what is wrong (a missing
    ///   field, a range that is not `1 ≤ START ≤ END`, a name given twice with other frames).
    public static func read(_ url: URL) throws -> FrameRanges {
      let text: String
      do {
        text = try String(contentsOf: url, encoding: .utf8)
      } catch {
        throw EBMError.invalidFile(path: url.path, reason: "is not a readable UTF-8 text file")
      }
      let matlab = url.pathExtension.lowercased() == "m"
      var entries: [String: Entry] = [:]
      for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
        let line = index + 1
        let parsed = try matlab ? matlabEntry(String(raw), line: line, url: url) : tableEntry(String(raw), line: line, url: url)
        guard let (name, entry) = parsed else { continue }
        guard entry.frames.lowerBound >= 1 else {
          throw EBMError.invalidFile(
            path: url.path, reason: "line \(line): \(name) starts at frame \(entry.frames.lowerBound); help: frames count from 1")
        }
        if let earlier = entries[name], earlier != Entry(folder: entry.folder, frames: entry.frames, line: earlier.line) {
          throw EBMError.invalidFile(
            path: url.path,
            reason: "line \(line): \(name) is given again with other frames (line \(earlier.line): \(earlier.folder) "
              + "\(earlier.frames.lowerBound)–\(earlier.frames.upperBound)); help: keep only the list of the data you have "
              + "(e.g. UAV123, not UAV123_10fps)")
        }
        if entries[name] == nil { entries[name] = entry }
      }
      guard !entries.isEmpty else {
        throw EBMError.invalidFile(
          path: url.path,
          reason: matlab
            ? "holds no entry with 'name', 'path', 'startFrame' and 'endFrame'; help: the UAV123 toolkit's configSeqs.m"
            : "holds no entry; help: one line NAME FOLDER START END per sub-sequence")
      }
      return FrameRanges(file: url, entries: entries)
    }

    /// `struct('name','bird1_1','path','…\bird1\','startFrame',1,'endFrame',253,…)`; nil for
    /// a line without `'name'`.
    static func matlabEntry(_ text: String, line: Int, url: URL) throws -> (String, Entry)? {
      func field(_ key: String, quoted: Bool) -> String? {
        let pattern = "'\(key)'\\s*,\\s*" + (quoted ? "'([^']*)'" : "([0-9]+)")
        guard let match = text.range(of: pattern, options: .regularExpression) else { return nil }
        let matched = String(text[match])
        let value = matched[matched.index(after: matched.firstIndex(of: ",")!)...].trimmingCharacters(in: .whitespaces)
        return quoted ? String(value.dropFirst().dropLast()) : value
      }
      guard let name = field("name", quoted: true) else { return nil }
      var missing: [String] = []
      let path = field("path", quoted: true)
      let start = field("startFrame", quoted: false).flatMap { Int($0) }
      let end = field("endFrame", quoted: false).flatMap { Int($0) }
      if path == nil { missing.append("'path'") }
      if start == nil { missing.append("'startFrame'") }
      if end == nil { missing.append("'endFrame'") }
      guard let path, let start, let end else {
        throw EBMError.invalidFile(
          path: url.path, reason: "line \(line): \(name) has no \(missing.joined(separator: ", ")) (a number for the frames)")
      }
      let folder = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
      guard !folder.isEmpty else {
        throw EBMError.invalidFile(path: url.path, reason: "line \(line): \(name)'s 'path' names no folder")
      }
      return try checked(name, folder: folder, start: start, end: end, line: line, url: url)
    }

    /// `NAME FOLDER START END`; nil for a blank or comment line.
    static func tableEntry(_ text: String, line: Int, url: URL) throws -> (String, Entry)? {
      let content = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" }).map(String.init)
      if fields.isEmpty { return nil }
      guard fields.count == 4 else {
        throw EBMError.invalidFile(
          path: url.path, reason: "line \(line) has \(fields.count) fields, expected 4 (NAME FOLDER START END)")
      }
      guard let start = Int(fields[2]), let end = Int(fields[3]) else {
        throw EBMError.invalidFile(
          path: url.path, reason: "line \(line): START and END must be whole frame numbers, not '\(fields[2])' and '\(fields[3])'")
      }
      return try checked(fields[0], folder: fields[1], start: start, end: end, line: line, url: url)
    }

    static func checked(_ name: String, folder: String, start: Int, end: Int, line: Int, url: URL) throws -> (String, Entry) {
      guard start <= end else {
        throw EBMError.invalidFile(
          path: url.path, reason: "line \(line): \(name) starts at frame \(start) after its end \(end); help: START ≤ END")
      }
      return (name, Entry(folder: folder, frames: start...end, line: line))
    }

    /// The frame files of `name`'s entry in `folder` (the frames named by numbers START…END),
    /// checked against the annotation's `rows`.
    ///
    /// - Throws: `EBMError.invalidFile` naming this table's line when a frame is not in the
    ///   folder or the range and the annotation differ in length.
    func frames(of name: String, entry: Entry, in folder: URL, rows: Int, annotation: URL) throws -> [URL] {
      let source = "\(file.path) line \(entry.line)"
      guard entry.frames.count == rows else {
        throw EBMError.invalidFile(
          path: annotation.path,
          reason: "has \(rows) rows but \(source) gives \(name) \(entry.frames.count) frames "
            + "(\(entry.frames.lowerBound)–\(entry.frames.upperBound)); help: one row per frame")
      }
      var byNumber: [Int: URL] = [:]
      for file in try contents(folder) where frameExtensions.contains(file.pathExtension.lowercased()) {
        if let number = Int(file.deletingPathExtension().lastPathComponent.filter(\.isNumber)) { byNumber[number] = file }
      }
      return try entry.frames.map { number in
        guard let frame = byNumber[number] else {
          throw EBMError.invalidFile(
            path: folder.path,
            reason: "has no frame \(number) (a JPEG/PNG file numbered \(number)), which \(source) gives \(name) "
              + "(frames \(entry.frames.lowerBound)–\(entry.frames.upperBound))")
        }
        return frame
      }
    }
  }
}
