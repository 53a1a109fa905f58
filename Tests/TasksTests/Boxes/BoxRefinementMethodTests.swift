import EBMProtocols
import Tasks
import Testing

/// The one list of box methods: what each method trains, in both studies, and the studies'
/// typed options.
@Suite struct BoxRefinementMethodTests {
  static var registry: Registry {
    var registry = Registry()
    TaskRegistration.register(in: &registry)
    return registry
  }

  @Test func eachMethodTrainsItsObjective() throws {
    let task = ComponentReference("detection-photos")
    for method in BoxRefinementMethod.allCases {
      let spec = method.pipelineSpec(task: task, regressionArchitecture: "box-regression", epochs: 2, seed: 7)
      switch method {
      case .unrefined:
        #expect(spec == nil)
      case .direct:
        #expect(spec?.architecture?.name == "box-regression" && spec?.objective?.name == "energy")
      case .iouNet:
        #expect(spec?.architecture == nil && spec?.objective?.name == "iou-regression")
      default:
        #expect(spec?.architecture == nil && spec?.objective?.name == method.rawValue)
      }
      if let spec { #expect(spec.task == task && spec.epochs == 2 && spec.seed == 7) }
    }
    #expect(BoxRefinementMethod.allCases.map(\.rawValue) == ["none", "direct", "iou-net", "nce+", "nce", "ml-is", "kld-is", "ml-mcmc", "dsm"])
  }

  @Test func bothStudiesRunTheSameListOnTheirOwnTask() throws {
    let methods: [BoxRefinementMethod] = [.unrefined, .direct, .mlMCMC]
    let detection = DetectionStudy(methods: methods)
    let tracking = TrackingStudy(methods: methods)
    for (study, task, regression) in [
      (detection as any PipelineStudy, "detection-photos", "box-regression"),
      (tracking as any PipelineStudy, "tracking-photos", "box-regression-modulated"),
    ] {
      let runs = study.runs(seeds: [0, 1])
      #expect(runs.map { $0["method"]! } == ["none", "direct", "direct", "ml-mcmc", "ml-mcmc"])
      #expect(runs.map(\.seed) == [0, 0, 1, 0, 1])
      #expect(runs[3].relativeCost == 3)
      #expect(study.pipelineSpecs(for: runs[0]).isEmpty)
      let direct = try #require(study.pipelineSpecs(for: runs[2]).first)
      #expect(direct.task.name == task && direct.architecture?.name == regression && direct.seed == 1)
    }
  }

  @Test func studyOptionsAreTypedAndDefaultToTheTasks() throws {
    let registry = Self.registry
    let detection = try #require(
      try registry.studies.make(
        ComponentReference("detection", options: ["methods": "ml-mcmc,dsm", "epochs": "3", "step-factors": "0.125,1"]))
        as? DetectionStudy)
    #expect(detection.methods == [.mlMCMC, .dsm] && detection.epochs == 3)
    #expect(detection.taskOptions["step-factors"] == .doubleList([0.125, 1]))
    let spec = try #require(detection.pipelineSpecs(for: detection.runs(seeds: [0])[0]).first)
    let task = try #require(try registry.tasks.make(spec.task) as? DetectionPhotosTask)
    #expect(task.stepFactors == [0.125, 1])
    #expect(detection.taskOptions["train-scenes"] == .int(DetectionPhotosTask.Options().trainScenes))
    let defaults = try #require(try registry.studies.make(ComponentReference("detection")) as? DetectionStudy)
    #expect(defaults.methods == BoxRefinementMethod.defaultMethods && defaults.epochs == nil)
    #expect(TrackingStudy.Options().testFrames == TrackingPhotosTask.Options().testFrames)
    for study in ["detection", "tracking"] {
      #expect {
        _ = try registry.studies.make(ComponentReference(study, options: ["methods": "nce+,mcmc"]))
      } throws: { error in
        "\(error)".contains("methods") && "\(error)".contains("'mcmc'")
      }
    }
  }
}
