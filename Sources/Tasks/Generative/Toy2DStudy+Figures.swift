import EBMProtocols
import Foundation
import Tensors

extension Toy2DStudy {
  /// Cells per side of the figure's landscape grid, and model samples drawn for it.
  static let figureResolution = 48
  static let figureSampleCount = 300

  /// The seed-0 data of the study figure: the model density exp(−E) normalised to a maximum
  /// of 1 on a grid over [−4.5, 4.5]² (rows from the top), and Langevin samples of the model
  /// (x, y pairs) from the evaluation sampler, on a stream of their own.
  static func figureSeries(_ model: TrainedEnergy, task: Toy2DTask, pipeline: Pipeline) throws -> [String: [Double]] {
    let r = figureResolution
    let extent = Toy2DPicture.extent
    var grid = [Float]()
    grid.reserveCapacity(2 * r * r)
    for row in 0..<r {
      let y = extent - (Double(row) + 0.5) * 2 * extent / Double(r)
      for column in 0..<r { grid += [Float(-extent + (Double(column) + 0.5) * 2 * extent / Double(r)), Float(y)] }
    }
    let energies = model(x: nil, y: Tensor(shape: [r * r, 2], scalars: grid)).scalars.map(Double.init)
    let lowest = energies.filter(\.isFinite).min() ?? 0
    var context = EvaluationContext(
      rng: pipeline.rootGenerator.forked(stream: Pipeline.Stream.evaluation).forked(stream: 1), sampler: pipeline.evaluationSampler)
    let samples = try task.modelSamples(model, count: figureSampleCount, context: &context)
    return [
      "density": energies.map { $0.isFinite ? Foundation.exp(-($0 - lowest)) : 0 },
      "samples": samples.scalars.map(Double.init),
    ]
  }

  /// Methods × datasets: each panel the model density (seed 0) with its samples on top.
  public func figures(_ records: [StudyRecord]) -> [StudyFigure] {
    let r = Self.figureResolution
    let extent = Toy2DPicture.extent
    var panels: [SVGChart] = []
    let shownMethods = methods.filter { m in records.contains { $0.label("method") == m && $0.series["density"] != nil } }
    guard !shownMethods.isEmpty else { return [] }
    for dataset in datasets {
      for method in shownMethods {
        var panel = SVGChart(
          title: "\(method) on \(dataset)", xLabel: "x₁", yLabel: "x₂", xRange: -extent...extent, yRange: -extent...extent,
          width: 300, height: 270)
        if let record = records.first(where: { $0.label("method") == method && $0.label("dataset") == dataset }),
          let density = record.series["density"], density.count == r * r
        {
          panel.heatMap((0..<r).map { Array(density[($0 * r)..<(($0 + 1) * r)]) }, low: 0, high: 1, label: "exp(−E) / max")
          let samples = record.series["samples"] ?? []
          let points = stride(from: 0, to: samples.count - 1, by: 2).map { (samples[$0], samples[$0 + 1]) }
          panel.points(points, color: .orange, label: "samples", radius: 1.6, opacity: 0.85)
        }
        panels.append(panel)
      }
    }
    return [
      StudyFigure(
        name: "landscapes", caption: "Model density exp(−E) (normalised to 1) and 300 Langevin samples (orange) per method and dataset, seed 0.",
        svg: SVGChart.grid(panels, title: "Energy landscapes and samples", columns: shownMethods.count))
    ]
  }
}
