import EBM
import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing

/// First-frame adaptation of the box-EBM tracker: the pipeline's ``FineTuner`` fine-tunes a
/// trained energy on jittered crops of a video's frame 1 with the method's own objective.
@Suite struct FirstFrameAdaptationTests {
  static let registry = Registry.standard()

  /// A small `tracking-photos` pipeline (few videos; the default 64-pixel crops, in which the
  /// CNN's stride-8 map still has 8 × 8 cells; adaptation at its defaults: 128 pairs, 8 epochs)
  /// trained one epoch with `objective`.
  static func trained(_ objective: String) throws -> (pipeline: Pipeline, model: TrainedEnergy) {
    let task = ComponentReference(
      "tracking-photos",
      options: [
        "frame-size": .int(96), "crop-size": .int(64), "train-sequences": .int(4), "train-frames": .int(6),
        "pairs-per-sequence": .int(8), "test-sequences": .int(1), "test-frames": .int(4), "validation-sequences": .int(1),
      ])
    let pipeline = try registry.makePipeline(
      PipelineSpec(task: task, objective: ComponentReference(objective), epochs: 1, seed: 3))
    let training = try Trainer(pipeline: pipeline).train(data: try pipeline.makeData())
    return (pipeline, training.model)
  }

  /// After adaptation the energy ranks frame 1's true box below the crop's centred (jittered)
  /// box more often on frame-1 pairs it was not tuned on; the same stream gives the same bits,
  /// and `adapt-pairs=0` leaves the energy as trained.
  @Test(arguments: ["nce+", "dsm"])
  func adaptationLearnsTheFirstFrame(_ objective: String) throws {
    let (pipeline, model) = try Self.trained(objective)
    let task = try #require(pipeline.task as? TrackingPhotosTask)
    let video = try task.video(0, train: false)
    let (frame, box) = (video.frames[0], video.groundTruth[0])
    var heldOutRNG = RandomGenerator(seed: 99)
    let heldOut = task.firstFramePairs(frame: frame, box: box, using: &heldOutRNG)
    #expect(heldOut.count == 128 && heldOut.x!.shape == [128, 6, 64, 64])
    let fineTuner = FineTuner(pipeline: pipeline)
    let adapted = try task.adapted(model, frame: frame, box: box, fineTuner: fineTuner, using: RandomGenerator(seed: 5))
    let before = try #require(task.truthLower(model, pairs: heldOut))
    let after = try #require(task.truthLower(adapted, pairs: heldOut))
    #expect(after > before + 10, "truth_lower on frame-1 pairs: \(before) % before, \(after) % after adaptation")
    let again = try task.adapted(model, frame: frame, box: box, fineTuner: fineTuner, using: RandomGenerator(seed: 5))
    #expect(again.parameters.keys.allSatisfy { again.parameters[$0]!.scalars == adapted.parameters[$0]!.scalars })
    var off = task
    off.adaptationPairs = 0
    let untouched = try off.adapted(model, frame: frame, box: box, fineTuner: fineTuner, using: RandomGenerator(seed: 5))
    #expect(untouched.parameters.keys.allSatisfy { untouched.parameters[$0]!.scalars == model.parameters[$0]!.scalars })
  }

  /// The pipeline's evaluation hands the task its fine-tuner, so `ebm train` and `ebm eval`
  /// adapt as the study does: the tracker's figures differ from a run without adaptation.
  @Test func evaluationAdapts() throws {
    let (pipeline, model) = try Self.trained("nce+")
    let data = try pipeline.makeData()
    #expect(pipeline.evaluationContext().fineTuner != nil)
    let adapted = try pipeline.evaluate(model, on: data)
    var plain = pipeline
    var task = try #require(pipeline.task as? TrackingPhotosTask)
    task.adaptationPairs = 0
    plain.task = task
    let unadapted = try plain.evaluate(model, on: data)
    func value(_ metrics: [Metric], _ name: String) -> Double? { metrics.first { $0.name == name }?.value }
    #expect(value(adapted, "truth_lower") == value(unadapted, "truth_lower"))
    let tracked = ["auc", "validation_auc", "size_ratio", "norm_precision"]
    #expect(tracked.map { value(adapted, $0) } != tracked.map { value(unadapted, $0) })
  }
}
