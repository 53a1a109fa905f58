import EBMProtocols
import Tasks
import Testing

/// The box tasks' typed options: defaults declared once and shared, values reaching the task,
/// and errors that name the option to fix.
@Suite struct BoxOptionsTests {
  static var registry: Registry {
    var registry = Registry()
    TaskRegistration.register(in: &registry)
    return registry
  }

  @Test func trackingFolderTakesTheTrainingOptionsOfTrackingPhotos() throws {
    let folderSpecs = Dictionary(uniqueKeysWithValues: TrackingFolderTask.Options.specs.map { ($0.name, $0) })
    let photoSpecs = Dictionary(uniqueKeysWithValues: TrackingPhotosTask.Options.specs.map { ($0.name, $0) })
    for name in TrackingFolderTask.Options.trainingOptionNames {
      let folder = try #require(folderSpecs[name], "tracking-folder lacks \(name)")
      #expect(folder.defaultValue == photoSpecs[name]?.defaultValue && folder.type == photoSpecs[name]?.type)
    }
    #expect(folderSpecs["test-frames"] == nil && folderSpecs["path"] != nil)
    let task = try #require(
      try Self.registry.tasks.make(
        ComponentReference("tracking-folder", options: ["crop-size": "32", "train-sequences": "3", "step-length": "2e-4"]))
        as? TrackingFolderTask)
    #expect(task.photos.cropSize == 32 && task.photos.trainSequences == 3 && task.photos.refinementStepLength == 2e-4)
    #expect(task.photos.trainFrames == TrackingPhotosTask.Options().trainFrames)
    // The tracker's starts and the step choice on validation videos are the folder's too.
    let tuned = try #require(
      try Self.registry.tasks.make(
        ComponentReference(
          "tracking-folder",
          options: [
            "step-factors": "0.5,0.25", "validation-sequences": "1", "start-size-jitter": "0.5", "textured-backgrounds": "0.25",
            "size-feedback": "0",
          ]))
        as? TrackingFolderTask)
    #expect(tuned.photos.stepFactors == [0.5, 0.25] && tuned.photos.validationSequences == 1)
    #expect(tuned.photos.texturedBackgrounds == 0.25)
    #expect(tuned.photos.tracker.sizeJitter == 0.5 && tuned.photos.tracker.sizeFeedbackRate == 0)
    #expect(task.photos.tracker.sizeFeedbackRate == TrackingPhotosTask.Options().sizeFeedback)
  }

  @Test(arguments: [
    ("tracking-folder", ["crop-size": OptionValue.int(60)], "crop-size"),
    ("detection-photos", ["crop-size": OptionValue.int(60)], "crop-size"),
    ("detection-photos", ["step-factors": OptionValue.string("0.5,0")], "step-factors"),
    ("tracking-photos", ["textured-backgrounds": OptionValue.double(1.5)], "textured-backgrounds"),
    ("tracking-folder", ["size-feedback": OptionValue.double(-0.5)], "size-feedback"),
  ])
  func badOptionsNameTheOption(_ task: String, _ options: [String: OptionValue], _ option: String) {
    #expect {
      _ = try Self.registry.tasks.make(ComponentReference(task, options: options))
    } throws: { error in
      "\(error)".contains(option)
    }
  }

  @Test func detectionDefaultsComeFromItsOptions() throws {
    let task = try #require(try Self.registry.tasks.make(ComponentReference("detection-photos")) as? DetectionPhotosTask)
    let plain = DetectionPhotosTask()
    #expect(task.stepFactors == plain.stepFactors && task.trainScenes == plain.trainScenes)
    #expect(plain.stepFactors == [0.03125, 0.0625, 0.125, 0.25, 0.5, 1])
  }
}
