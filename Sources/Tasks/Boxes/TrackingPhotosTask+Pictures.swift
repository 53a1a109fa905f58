import EBMProtocols
import Foundation
import Tensors

extension TrackingPhotosTask {
  /// `PREFIX-frames.png`: four frames of the first test video, tracked from frame 1 (with the
  /// energy adapted to that frame, as the metrics track it), with the
  /// ground truth (green), the coarse box of template correlation (red, the start of refinement)
  /// and the refined box (blue), 2× zoom; `PREFIX-training-frames.png`: frame 1 of the first
  /// four training videos with their ground truth (green), what the energy is trained on.
  public func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL] {
    guard let inference = context.inference else { return [] }
    let video = try video(0, train: false)
    var rng = context.rng.forked(stream: 0)
    let adapted = try self.adapted(
      model, frame: video.frames[0], box: video.groundTruth[0], fineTuner: context.fineTuner,
      using: context.rng.forked(stream: Self.adaptationStream))
    let result = try tracker.track(
      frameCount: video.frames.count, frame: { video.frames[$0] }, initial: video.groundTruth[0],
      refinement: .energy(adapted, inference), using: &rng)
    let n = video.frames.count
    let shown = [n / 4, n / 2, (3 * n) / 4, n - 1].map { min(max($0, 0), n - 1) }
    let url = directory.appendingPathComponent("\(prefix)-frames.png")
    try Self.framesPicture(
      shown.map { video.frames[$0] },
      boxes: shown.map { [(video.groundTruth[$0], .green), (result.coarse[$0], .red), (result.boxes[$0], .blue)] }
    ).writePNG(to: url)
    let training = try (0..<min(4, trainSequences)).map { try self.video($0, train: true) }
    let trainingURL = directory.appendingPathComponent("\(prefix)-training-frames.png")
    try Self.framesPicture(training.map { $0.frames[0] }, boxes: training.map { [($0.groundTruth[0], .green)] })
      .writePNG(to: trainingURL)
    return [url, trainingURL]
  }

  /// `frames` side by side, each with its boxes stroked in their colours; 2× zoom.
  static func framesPicture(_ frames: [Photo], boxes: [[(box: BoundingBox, colour: RGB)]]) -> RasterImage {
    let zoom = 2
    let (w, h) = (frames[0].width * zoom, frames[0].height * zoom)
    var picture = RasterImage(width: frames.count * (w + 10) + 10, height: h + 20)
    for (k, frame) in frames.enumerated() {
      let left = 10 + k * (w + 10)
      let top = 10
      for y in 0..<h {
        for x in 0..<w {
          let p = ((y / zoom) * frame.width + x / zoom) * 3
          func byte(_ v: Float) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
          picture.set(x: left + x, y: top + y, RGB(byte(frame.rgb[p]), byte(frame.rgb[p + 1]), byte(frame.rgb[p + 2])))
        }
      }
      for (box, colour) in boxes[k] {
        picture.strokeRect(
          x0: left + Int(box.x * Double(zoom)), y0: top + Int(box.y * Double(zoom)),
          x1: left + Int((box.x + box.width) * Double(zoom)), y1: top + Int((box.y + box.height) * Double(zoom)), colour)
      }
    }
    return picture
  }
}
