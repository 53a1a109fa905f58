import EBMProtocols

extension TaskRegistration {
  static func registerBoxes(in registry: inout Registry) {
    registry.tasks.register(
      name: "detection-photos",
      summary: "Refine a simulated detector's boxes on scenes composed from real photographs (Gustafsson et al. 2020, §4.2)",
      details: """
        Objects cut out of photographs by irregular masks are pasted on a crop of another (1–5 per scene, partial \
        overlap); the detector's boxes are the truth perturbed in u (DetectorErrorModel). Training and test use \
        disjoint photographs. Metrics: COCO AP, AP50, AP75 and the mean IoU of the boxes after and before refinement.
        """,
      options: DetectionPhotosTask.Options.self
    ) { options, _ in DetectionPhotosTask(options) }
    registry.studies.register(
      name: "detection",
      summary: "Box refinement on detection-photos: none, direct regression, IoU-Net and the EBM objectives (Gustafsson et al. 2020)",
      details: "Table: AP, AP50, AP75, mean IoU after and before refinement, training seconds, ms per refined box.",
      options: DetectionStudy.Options.self
    ) { options, _ in DetectionStudy(options) }
    registry.tasks.register(
      name: "tracking-photos",
      summary: "Visual tracking with a box energy on videos generated from real photographs (Gustafsson et al. 2020, §4.3)",
      details: """
        Trains on (reference frame, test frame) pairs of generated videos (box-energy-modulated); evaluates by running \
        the tracker (template correlation, then refinement of the coarse box and 9 jittered ones, best 3 averaged) over \
        test videos from disjoint photographs. Metrics: AUC, OP50, OP75, precision at 20 px, normalised precision, fps.
        """,
      options: TrackingPhotosTask.Options.self
    ) { options, _ in TrackingPhotosTask(options) }
    registry.tasks.register(
      name: "tracking-folder",
      summary: "The box-energy tracker on a benchmark folder (OTB, GOT-10k, LaSOT or UAV123 layout), trained on tracking-photos",
      details: "--task tracking-folder:path=DIR,format=got10k. Metrics as pytracking computes them for the benchmark.",
      options: TrackingFolderTask.Options.self
    ) { options, _ in TrackingFolderTask(options) }
    registry.studies.register(
      name: "tracking",
      summary: "Tracking on tracking-photos: no refinement, direct regression, IoU-Net and the EBM objectives (Gustafsson et al. 2020)",
      details: "Table: AUC, OP50, OP75, precision, normalised precision, fps, training seconds; success and precision plots.",
      options: TrackingStudy.Options.self
    ) { options, _ in TrackingStudy(options) }
  }
}
