import EBMProtocols
import Foundation
import Tasks

/// `ebm data tracking --out DIR`: writes generated tracking videos (`tracking-photos`) in the
/// GOT-10k layout, so any GOT-10k reader (ours, pytracking's) can read them.
struct DataCommand: Subcommand {
  let name = "data"
  let abstract = "write a generated data set to disk (tracking: GOT-10k layout)"
  let synopsis = "tracking --out DIR [--sequences N] [--frames N] [--size N] [--split train|test] [--seed N]"
  let maximumPositionals = 1
  let flags = [
    FlagSpec.value("out", "DIR", "the folder to write (created; must not hold a list.txt already)"),
    FlagSpec.value("sequences", "N", "videos to write, 1…10000 (default 5)"),
    FlagSpec.value("frames", "N", "frames per video, 2…100000 (default 100)"),
    FlagSpec.value("size", "N", "frame side in pixels, 32…4096 (default 128)"),
    FlagSpec.value("split", "SPLIT", "train or test photographs (default test)"),
    FlagSpec.value("seed", "N", "seed of the videos (default 0)"),
  ]
  let discussion = """
    Each video is a folder of PNG frames with groundtruth.txt (x,y,w,h per frame), cover.label \
    (visible fraction bin 0…8) and absence.label (1 where the target is hidden); list.txt names them.
    """

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    guard let kind = arguments.positionals.first else { throw CommandError.usage("missing the data set (tracking)") }
    guard kind == "tracking" else {
      throw CommandError.usage("unknown data set '\(kind)'; help: ebm data tracking --out DIR")
    }
    guard let out = try arguments.nonEmpty("out") else { throw CommandError.usage("missing --out DIR") }
    let split = arguments.string("split") ?? "test"
    guard split == "train" || split == "test" else {
      throw CommandError.usage("--split must be train or test, got '\(split)'")
    }
    let count = try arguments.int("sequences", range: 1...10_000) ?? 5
    let frames = try arguments.int("frames", range: 2...100_000) ?? 100
    let size = try arguments.int("size", range: 32...4096) ?? 128
    let seed = try arguments.uint64("seed") ?? 0
    let root = context.url(out)
    if FileManager.default.fileExists(atPath: root.appendingPathComponent("list.txt").path) {
      throw CommandError.usage("--out \(out) already holds a data set (list.txt); help: choose an empty folder")
    }
    let generator = TrackingSequenceGenerator(frameSize: size, frameCount: frames)
    let names = try CommandError.asInput {
      try generator.writeGOT10k(count: count, train: split == "train", seed: seed, to: root)
    }
    context.io.output("wrote \(names.count) videos of \(frames) frames (\(size)×\(size)) in GOT-10k layout to \(root.path)")
  }
}
