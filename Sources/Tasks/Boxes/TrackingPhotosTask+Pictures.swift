import EBMProtocols
import Foundation
import Tensors

extension TrackingPhotosTask {
  /// `PREFIX-frames.png`: four frames of the first test video, tracked from frame 1, with the
  /// ground truth (green), the coarse box of template correlation (red, the start of refinement)
  /// and the refined box (blue), 2× zoom.
  public func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL] {
    guard let inference = context.inference else { return [] }
    let video = try video(0, train: false)
    var rng = context.rng.forked(stream: 0)
    let result = try tracker.track(
      frameCount: video.frames.count, frame: { video.frames[$0] }, initial: video.groundTruth[0],
      refinement: .energy(model, inference), using: &rng)
    let url = directory.appendingPathComponent("\(prefix)-frames.png")
    try Self.framesPicture(
      video.frames, groundTruth: video.groundTruth, coarse: result.coarse, refined: result.boxes
    ).writePNG(to: url)
    return [url]
  }

  /// Four frames (at ¼, ½, ¾ and the end) side by side with their boxes: truth green, coarse
  /// red, refined blue; 2× zoom.
  static func framesPicture(_ frames: [Photo], groundTruth: [BoundingBox], coarse: [BoundingBox], refined: [BoundingBox])
    -> RasterImage
  {
    let n = frames.count
    let shown = [n / 4, n / 2, (3 * n) / 4, n - 1].map { min(max($0, 0), n - 1) }
    let zoom = 2
    let (w, h) = (frames[0].width * zoom, frames[0].height * zoom)
    var picture = RasterImage(width: shown.count * (w + 10) + 10, height: h + 20)
    for (k, index) in shown.enumerated() {
      let frame = frames[index]
      let left = 10 + k * (w + 10)
      let top = 10
      for y in 0..<h {
        for x in 0..<w {
          let p = ((y / zoom) * frame.width + x / zoom) * 3
          func byte(_ v: Float) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
          picture.set(x: left + x, y: top + y, RGB(byte(frame.rgb[p]), byte(frame.rgb[p + 1]), byte(frame.rgb[p + 2])))
        }
      }
      func stroke(_ box: BoundingBox, _ color: RGB) {
        picture.strokeRect(
          x0: left + Int(box.x * Double(zoom)), y0: top + Int(box.y * Double(zoom)),
          x1: left + Int((box.x + box.width) * Double(zoom)), y1: top + Int((box.y + box.height) * Double(zoom)), color)
      }
      stroke(groundTruth[index], .green)
      stroke(coarse[index], .red)
      stroke(refined[index], .blue)
    }
    return picture
  }
}
