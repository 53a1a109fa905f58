import EBMProtocols

/// One row of the box studies (`ebm study detection`, `ebm study tracking`): how a box is
/// refined and what is trained for it, compared as Gustafsson et al. (BMVC 2020, §4.2–4.3)
/// compare them. Both studies read the list and each method's pipeline from here, so a method
/// is added or changed once.
///
/// - `none`: the boxes as given (the detector's, or the tracker's coarse box); nothing trained.
/// - `direct`: a regression head trained by L2 on the box (the study's regression architecture,
///   E = ½‖u − g(x)‖² trained with the `energy` loss; one step of length 1 lands on g(x)).
/// - `iou-net`: IoU regression (IoU-Net, `iou-regression`), refined by gradient ascent on the
///   predicted IoU.
/// - `nce+`, `nce`, `ml-is`, `kld-is`, `ml-mcmc`, `dsm`: the task's box energy trained by the
///   1-D study's objectives, refined by gradient descent on E. The per-method settings (M, β,
///   proposals, step lengths) are the task's (`TaskDefaults.objectiveOverrides`,
///   `inferenceForObjective`).
public enum BoxRefinementMethod: String, CaseIterable, Sendable {
  /// No refinement (registry name `none`).
  case unrefined = "none"
  /// Direct regression of the box.
  case direct
  /// IoU-Net.
  case iouNet = "iou-net"
  /// NCE+, the paper's method.
  case ncePlus = "nce+"
  /// NCE.
  case nce
  /// ML with importance sampling.
  case mlIS = "ml-is"
  /// KL divergence with importance sampling.
  case kldIS = "kld-is"
  /// ML with Langevin MCMC.
  case mlMCMC = "ml-mcmc"
  /// Denoising score matching.
  case dsm

  /// The default grid of both studies: the methods that finish in minutes on 2 cores
  /// (`ml-mcmc` and `dsm` differentiate through the box pooling in every training step and
  /// cost about three NCE+ runs each).
  public static let defaultMethods: [BoxRefinementMethod] = [.unrefined, .direct, .iouNet, .ncePlus, .nce, .mlIS, .kldIS]

  /// The registry name of the objective that trains the method; nil for `none`.
  public var objective: String? {
    switch self {
    case .unrefined: nil
    case .direct: "energy"
    case .iouNet: "iou-regression"
    default: rawValue
    }
  }

  /// The pipeline that trains the method on `task`, nil for `none`: `direct` on
  /// `regressionArchitecture`, the others on the task's default architecture (the box energy).
  public func pipelineSpec(task: ComponentReference, regressionArchitecture: String, epochs: Int?, seed: UInt64)
    -> PipelineSpec?
  {
    guard let objective else { return nil }
    let architecture = self == .direct ? ComponentReference(regressionArchitecture) : nil
    return PipelineSpec(
      task: task, architecture: architecture, objective: ComponentReference(objective), epochs: epochs, seed: seed)
  }

  /// A run's cost relative to one NCE+ run: `ml-mcmc` and `dsm` 3 (they differentiate through
  /// the box pooling), `none` and `direct` what the study says (`none` only evaluates).
  public func relativeCost(unrefined: Double, direct: Double) -> Double {
    switch self {
    case .unrefined: unrefined
    case .direct: direct
    case .mlMCMC, .dsm: 3
    default: 1
    }
  }

  /// The runs of a box study: each method once per seed, labelled `method`, except `none`,
  /// which has nothing to train and runs once (on the first seed).
  public static func runs(
    _ methods: [BoxRefinementMethod], seeds: [UInt64], unrefinedCost: Double, directCost: Double
  ) -> [StudyRun] {
    methods.flatMap { method in
      (method == .unrefined ? [seeds[0]] : seeds).map { seed in
        StudyRun(
          [.init("method", method.rawValue)], seed: seed,
          relativeCost: method.relativeCost(unrefined: unrefinedCost, direct: directCost))
      }
    }
  }

  /// The method of a run made by ``runs(_:seeds:unrefinedCost:directCost:)``.
  public init(_ run: StudyRun) {
    guard let name = run["method"], let method = BoxRefinementMethod(rawValue: name) else {
      preconditionFailure("box study run without a known method label: \(run.labels)")
    }
    self = method
  }
}
