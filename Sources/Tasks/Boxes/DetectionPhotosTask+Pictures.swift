import EBMProtocols
import Foundation
import Tensors

extension DetectionPhotosTask {
  /// Two pictures: `PREFIX-boxes.png`, four test scenes with the true boxes (green), the
  /// detector's (red) and the refined ones (blue); `PREFIX-landscape.png`, the energy of one
  /// detection's crop over the box centre (u₁, u₂ ± 0.3, size fixed at the detection's), with the
  /// true centre (white), the detection (red) and the refined box (blue).
  public func drawPictures(
    _ model: TrainedEnergy, data: TaskData, context: inout EvaluationContext, into directory: URL, prefix: String
  ) throws -> [URL] {
    guard let inference = context.inference else { return [] }
    let scenes = Array(try scenes(train: false).prefix(4))
    let (refined, _) = try refine(model, scenes: scenes, inference: inference, using: &context.rng)
    let zoom = 3
    let side = imageSize * zoom
    var picture = RasterImage(width: 2 * side + 30, height: 2 * side + 30)
    for (k, scene) in scenes.enumerated() {
      let left = 10 + (k % 2) * (side + 10)
      let top = 10 + (k / 2) * (side + 10)
      for y in 0..<side {
        for x in 0..<side {
          let p = ((y / zoom) * imageSize + x / zoom) * 3
          func byte(_ v: Float) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
          picture.set(x: left + x, y: top + y, RGB(byte(scene.image.rgb[p]), byte(scene.image.rgb[p + 1]), byte(scene.image.rgb[p + 2])))
        }
      }
      func stroke(_ box: BoundingBox, _ color: RGB) {
        picture.strokeRect(
          x0: left + Int(box.x * Double(zoom)), y0: top + Int(box.y * Double(zoom)),
          x1: left + Int((box.x + box.width) * Double(zoom)), y1: top + Int((box.y + box.height) * Double(zoom)), color)
      }
      for box in scene.groundTruth { stroke(box, .green) }
      for detection in scene.detections { stroke(detection.box, .red) }
      for box in refined[k] { stroke(box, .blue) }
    }
    let boxesURL = directory.appendingPathComponent("\(prefix)-boxes.png")
    try picture.writePNG(to: boxesURL)
    guard let scene = scenes.first(where: { !$0.groundTruth.isEmpty }) else { return [boxesURL] }
    let detection = scene.detections[0].box
    let crop = BoxCrop(reference: detection, context: self.context, size: cropSize)
    let start = crop.encode(detection)
    let truth = crop.encode(scene.groundTruth[0])
    let resolution = 41
    let span = 0.3
    var candidates: [Float] = []
    for row in 0..<resolution {
      for column in 0..<resolution {
        let u1 = start[0] - span + 2 * span * Double(column) / Double(resolution - 1)
        let u2 = start[1] - span + 2 * span * Double(row) / Double(resolution - 1)  // downwards, as in the picture
        candidates += [Float(u1), Float(u2), Float(start[2]), Float(start[3])]
      }
    }
    let x = Tensor(shape: [1, 3, cropSize, cropSize], scalars: crop.pixels(of: scene.image))
    let energies = model(x: x, y: Tensor(shape: [1, resolution * resolution, 4], scalars: candidates)).scalars
    let values = (0..<resolution).map { row in (0..<resolution).map { Double(energies[row * resolution + $0]) } }
    let panel = 328.0
    let frame = PlotFrame(
      xRange: (start[0] - span)...(start[0] + span), yRange: (start[1] - span)...(start[1] + span), left: 20, top: 20,
      width: panel, height: panel)
    var landscape = RasterImage(width: Int(panel) + 40, height: Int(panel) + 40)
    // Low energy bright: the colour map runs over −E.
    landscape.heatMap(values.map { $0.map { -$0 } }, in: frame)
    let refinedU = crop.encode(refined[0][0])
    for (u, color) in [(truth, RGB.white), (start, RGB.red), (refinedU, RGB.blue)] {
      let p = frame.pixel(x: u[0], y: 2 * start[1] - u[1])  // u₂ grows downwards
      landscape.fillDisc(cx: p.x, cy: p.y, radius: 4, color)
    }
    let landscapeURL = directory.appendingPathComponent("\(prefix)-landscape.png")
    try landscape.writePNG(to: landscapeURL)
    return [boxesURL, landscapeURL]
  }
}
