import EBMProtocols
import Foundation
import Tasks
import Testing

/// The benchmark readers on small folders written here, one per layout.
@Suite struct TrackingBenchmarkReaderTests {
  /// A fresh empty folder under the temporary directory.
  func scratchFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("swift-ebm-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func write(_ text: String, _ url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// Frame files; their pixels do not matter to the readers.
  func frames(_ folder: URL, _ names: [String]) throws {
    for name in names { try write("frame", folder.appendingPathComponent(name)) }
  }

  @Test func otbWithMixedSeparators() throws {
    let root = try scratchFolder("otb")
    defer { try? FileManager.default.removeItem(at: root) }
    let seq = root.appendingPathComponent("Basketball")
    try frames(seq.appendingPathComponent("img"), ["0002.jpg", "0001.jpg", "0003.jpg"])
    try write("198,214,34,81\n197\t214\t34\t81\n195 214  34 81\r\n\n", seq.appendingPathComponent("groundtruth_rect.txt"))
    let sequences = try TrackingBenchmarkReader.read(root, format: .otb)
    #expect(sequences.count == 1 && sequences[0].name == "Basketball")
    #expect(sequences[0].frames.map(\.lastPathComponent) == ["0001.jpg", "0002.jpg", "0003.jpg"])
    #expect(sequences[0].groundTruth.map(\.x) == [198, 197, 195])
    #expect(sequences[0].groundTruth.allSatisfy { $0.width == 34 && $0.height == 81 && $0.y == 214 })
    #expect(sequences[0].targetVisible == nil && sequences[0].convention == .standard)
  }

  @Test func got10kWrittenThenRead() throws {
    let root = try scratchFolder("got10k")
    defer { try? FileManager.default.removeItem(at: root) }
    var frame = RasterImage(width: 8, height: 6)
    frame.set(x: 1, y: 1, .red)
    let boxes = [
      BoundingBox(x: 1, y: 1, width: 3, height: 2.5), BoundingBox(x: 1.12345, y: 1, width: 3, height: 2),
      BoundingBox(x: 2, y: 1, width: 3, height: 2),
    ]
    try GOT10kWriter.writeSequence(name: "seq-b", frames: [frame, frame, frame], groundTruth: boxes, cover: [8, 0, 5], to: root)
    try GOT10kWriter.writeSequence(name: "seq-a", frames: [frame], groundTruth: [boxes[0]], cover: [8], to: root)
    try GOT10kWriter.writeList(["seq-b", "seq-a"], to: root)
    let sequences = try TrackingBenchmarkReader.read(root, format: .got10k)
    #expect(sequences.map(\.name) == ["seq-b", "seq-a"])
    let seq = sequences[0]
    #expect(seq.frames.map(\.lastPathComponent) == ["00000001.png", "00000002.png", "00000003.png"])
    #expect(seq.cover == [8, 0, 5] && seq.targetVisible == [true, false, true])
    #expect(seq.groundTruth[0] == boxes[0] && seq.groundTruth[2] == boxes[2])
    #expect(seq.groundTruth[1].x == 1.1235)  // 4 decimals, as GOT-10k stores them
    let text = try String(contentsOf: root.appendingPathComponent("seq-b/groundtruth.txt"), encoding: .utf8)
    #expect(text == "1,1,3,2.5000\n1.1235,1,3,2\n2,1,3,2\n")
    // The frames are PNG files (signature).
    let png = try Data(contentsOf: seq.frames[0])
    #expect(Array(png.prefix(8)) == [137, 80, 78, 71, 13, 10, 26, 10])
    #expect(throws: EBMError.self) {
      try GOT10kWriter.writeSequence(name: "bad", frames: [frame], groundTruth: boxes, cover: [8], to: root)
    }
  }

  @Test func lasotVisibility() throws {
    let root = try scratchFolder("lasot")
    defer { try? FileManager.default.removeItem(at: root) }
    let seq = root.appendingPathComponent("airplane/airplane-1")
    try frames(seq.appendingPathComponent("img"), ["00000001.jpg", "00000002.jpg", "00000003.jpg"])
    try write("10,10,5,5\n11,10,5,5\nNaN,NaN,NaN,NaN\n", seq.appendingPathComponent("groundtruth.txt"))
    try write("0,1,0\n", seq.appendingPathComponent("full_occlusion.txt"))
    try write("0,0,1\n", seq.appendingPathComponent("out_of_view.txt"))
    let sequences = try TrackingBenchmarkReader.read(root, format: .lasot)
    #expect(sequences.map(\.name) == ["airplane-1"])
    #expect(sequences[0].targetVisible == [true, false, false] && sequences[0].convention == .lasot)
    #expect(!sequences[0].groundTruth[2].isFinite)
  }

  @Test func uav123AbsentRowsAndScoring() throws {
    let root = try scratchFolder("uav")
    defer { try? FileManager.default.removeItem(at: root) }
    try frames(root.appendingPathComponent("data_seq/UAV123/bike1"), ["000001.jpg", "000002.png"])
    try write("5,6,7,8\nNaN,NaN,NaN,NaN\n", root.appendingPathComponent("anno/UAV123/bike1.txt"))
    let seq = try TrackingBenchmarkReader.read(root, format: .uav123)[0]
    #expect(seq.name == "bike1" && seq.convention == .uav && seq.frames.count == 2)
    #expect(seq.groundTruth[0] == BoundingBox(x: 5, y: 6, width: 7, height: 8) && !seq.groundTruth[1].isFinite)
    // The reader's convention goes straight into the evaluation.
    let errors = try TrackingEvaluation.sequenceErrors(
      predicted: [seq.groundTruth[0], seq.groundTruth[0]], groundTruth: seq.groundTruth, convention: seq.convention)
    #expect(errors.valid == [true, false])
  }

  /// UAV123 sub-sequences sharing one frame folder, through the toolkit's configSeqs.m: each
  /// plays its own frames (chosen by number, not position), an absent target stays NaN, and a
  /// plain table gives the same sequences.
  @Test func uav123SubSequencesShareAFrameFolder() throws {
    let root = try scratchFolder("uav-ranges")
    defer { try? FileManager.default.removeItem(at: root) }
    // bird1 has frames 1–6 except 4 (dropped frames are not rare in shared folders).
    try frames(root.appendingPathComponent("data_seq/UAV123/bird1"), ["000001.jpg", "000002.jpg", "000003.jpg", "000005.jpg", "000006.jpg"])
    try frames(root.appendingPathComponent("data_seq/UAV123/bike1"), ["000001.jpg"])
    try write("1,1,2,2\n2,2,2,2\n", root.appendingPathComponent("anno/UAV123/bird1_1.txt"))
    try write("5,5,2,2\nNaN,NaN,NaN,NaN\n", root.appendingPathComponent("anno/UAV123/bird1_2.txt"))
    try write("9,9,9,9\n", root.appendingPathComponent("anno/UAV123/bike1.txt"))
    try write(
      """
      function seqs=configSeqs
      seqUAV123={struct('name','bird1_1','path','D:\\UAV123\\data_seq\\UAV123\\bird1\\','startFrame',1,'endFrame',2,'nz',6,'ext','jpg','init_rect',[0,0,0,0]),...
          struct('name','bird1_2','path','/data/UAV123/data_seq/UAV123/bird1/','startFrame',5,'endFrame',6,'nz',6,'ext','jpg','init_rect',[0,0,0,0]),...
      };
      """, root.appendingPathComponent("configSeqs.m"))
    let sequences = try TrackingBenchmarkReader.read(root, format: .uav123)
    #expect(sequences.map(\.name) == ["bike1", "bird1_1", "bird1_2"])
    #expect(sequences[0].frames.map(\.lastPathComponent) == ["000001.jpg"])
    #expect(sequences[1].frames.map { $0.deletingLastPathComponent().lastPathComponent + "/" + $0.lastPathComponent }
      == ["bird1/000001.jpg", "bird1/000002.jpg"])
    #expect(sequences[2].frames.map(\.lastPathComponent) == ["000005.jpg", "000006.jpg"])
    #expect(sequences[2].groundTruth[0] == BoundingBox(x: 5, y: 5, width: 2, height: 2) && !sequences[2].groundTruth[1].isFinite)
    // The plain table reads the same.
    let table = root.appendingPathComponent("frame-ranges.txt")
    try write("# name folder start end\nbird1_1 bird1 1 2\nbird1_2,bird1,5,6\n", table)
    let ranges = try TrackingBenchmarkReader.FrameRanges.read(table)
    #expect(ranges.entries["bird1_2"] == .init(folder: "bird1", frames: 5...6, line: 3))
    try FileManager.default.removeItem(at: root.appendingPathComponent("configSeqs.m"))
    let fromTable = try TrackingBenchmarkReader.read(root, format: .uav123)
    #expect(fromTable.map(\.name) == sequences.map(\.name) && fromTable.map(\.frames) == sequences.map(\.frames))

    // A range over an absent frame names the folder, the frame and the table's line.
    try write("bird1_1 bird1 1 2\nbird1_2 bird1 4 5\n", table)
    #expect(
      throws: EBMError.invalidFile(
        path: root.appendingPathComponent("data_seq/UAV123/bird1").path,
        reason: "has no frame 4 (a JPEG/PNG file numbered 4), which \(table.path) line 2 gives bird1_2 (frames 4–5)")
    ) { _ = try TrackingBenchmarkReader.read(root, format: .uav123) }
    // A range whose length differs from the annotation's.
    try write("bird1_1 bird1 1 3\nbird1_2 bird1 5 6\n", table)
    #expect(
      throws: EBMError.invalidFile(
        path: root.appendingPathComponent("anno/UAV123/bird1_1.txt").path,
        reason: "has 2 rows but \(table.path) line 1 gives bird1_1 3 frames (1–3); help: one row per frame")
    ) { _ = try TrackingBenchmarkReader.read(root, format: .uav123) }
    // Malformed lines, named by line.
    try write("bird1_1 bird1 1\n", table)
    #expect(
      throws: EBMError.invalidFile(path: table.path, reason: "line 1 has 3 fields, expected 4 (NAME FOLDER START END)")
    ) { _ = try TrackingBenchmarkReader.read(root, format: .uav123) }
    try write("bird1_1 bird1 1 2\nbird1_2 bird1 6 5\n", table)
    #expect(
      throws: EBMError.invalidFile(
        path: table.path, reason: "line 2: bird1_2 starts at frame 6 after its end 5; help: START ≤ END")
    ) { _ = try TrackingBenchmarkReader.read(root, format: .uav123) }
    // A sub-sequence missing from the table: its own folder does not exist, and the fix is named.
    try write("bird1_1 bird1 1 2\n", table)
    #expect {
      _ = try TrackingBenchmarkReader.read(root, format: .uav123)
    } throws: { error in
      "\(error)".contains("data_seq/UAV123/bird1_2: does not exist") && "\(error)".contains("frame-ranges.txt has no line for bird1_2")
    }
    // configSeqs.m entries without frames, named by line.
    try FileManager.default.removeItem(at: table)
    try write("x\nstruct('name','bird1_1','path','bird1\\','startFrame',1),...\n", root.appendingPathComponent("configSeqs.m"))
    #expect(
      throws: EBMError.invalidFile(
        path: root.appendingPathComponent("configSeqs.m").path,
        reason: "line 2: bird1_1 has no 'endFrame' (a number for the frames)")
    ) { _ = try TrackingBenchmarkReader.read(root, format: .uav123) }
  }

  @Test func malformedFoldersAreNamed() throws {
    let root = try scratchFolder("bad")
    defer { try? FileManager.default.removeItem(at: root) }
    let seq = root.appendingPathComponent("Seq")
    try frames(seq.appendingPathComponent("img"), ["0001.jpg", "0002.jpg"])
    try write("1,2,3,4\n", seq.appendingPathComponent("groundtruth_rect.txt"))
    #expect(
      throws: EBMError.invalidFile(
        path: seq.appendingPathComponent("img").path,
        reason: "holds 2 JPEG/PNG frames but the annotation has 1 rows; help: one row per frame")
    ) { _ = try TrackingBenchmarkReader.read(root, format: .otb) }
    try write("1,2,3,4\n1,2,x,4\n", seq.appendingPathComponent("groundtruth_rect.txt"))
    #expect(
      throws: EBMError.invalidFile(
        path: seq.appendingPathComponent("groundtruth_rect.txt").path, reason: "line 2: 'x' is not a number")
    ) { _ = try TrackingBenchmarkReader.read(root, format: .otb) }
    try write("1,2,3,4\n1,2,3\n", seq.appendingPathComponent("groundtruth_rect.txt"))
    #expect(throws: EBMError.self) { _ = try TrackingBenchmarkReader.read(root, format: .otb) }
    // A folder without sequences of the layout asked for.
    #expect(throws: EBMError.self) { _ = try TrackingBenchmarkReader.read(root, format: .lasot) }
  }
}
