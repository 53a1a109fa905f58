import EBMProtocols
import Tensors

/// Test doubles registered under `toy-…` names, so that core and end-to-end tests compose
/// pipelines by name without the real losses, samplers and tasks.
///
/// - tasks: `toy-line` (conditional regression), `toy-points` (2-D unconditional)
/// - architectures: `toy-linear` (conditional), `toy-point` (unconditional)
/// - objectives: `toy-energy` (mean energy; `nan-at-step`), `toy-ml-is` (needs log q)
/// - samplers: `toy-gaussian` (density), `toy-langevin` (dynamics)
/// - study: `toy-study` (`methods`, `epochs`, `diverging-seed`)
/// - optimizers `sgd` and `adam` when the registry has none of that name.
public enum ToyComponents {
  /// The objectives a toy study may run.
  public static let studyMethods = ["toy-energy", "toy-ml-is"]

  /// A registry with only the toy components (and sgd/adam).
  public static func registry() -> Registry {
    var registry = Registry()
    register(in: &registry)
    return registry
  }

  /// Adds the toy components to `registry`.
  public static func register(in registry: inout Registry) {
    registry.tasks.register(
      name: "toy-line", summary: "Toy 1-D regression on y = 2x − 0.5 + noise",
      options: [
        .int("train", 64, "training examples", range: 1...100_000), .int("epochs", 5, "default epochs", range: 0...1000),
      ]
    ) { o, _ in ToyLineTask(trainCount: o.int("train"), epochs: o.int("epochs")) }
    registry.tasks.register(name: "toy-points", summary: "Toy 2-D Gaussian points") { _, _ in ToyPointsTask() }
    registry.architectures.register(
      name: "toy-linear", summary: "Quadratic energy around a line",
      options: [.double("scale", 1, "energy scale s", range: 1e-3...1e3)]
    ) { o, _ in ToyLinearEnergy(scale: o.float("scale")) }
    registry.architectures.register(
      name: "toy-point", summary: "Quadratic energy around a point",
      options: [.int("dimension", 2, "dimension d", range: 1...64)]
    ) { o, _ in ToyPointEnergy(dimension: o.int("dimension")) }
    registry.objectives.register(
      name: "toy-energy", summary: "Mean energy of the data (energy loss)",
      details: "L = mean E(x, y)\nLeCun et al., A Tutorial on Energy-Based Learning, 2006.",
      options: [.int("nan-at-step", -1, "make the loss NaN from this step on (-1: never)", range: -1...1_000_000)],
      aliases: ["toy-e"]
    ) { o, _ in ToyEnergyObjective(nanAtStep: o.int("nan-at-step")) }
    registry.objectives.register(
      name: "toy-ml-is", summary: "ML with importance sampling (needs log q)",
      options: [.int("samples", 32, "proposal samples M", range: 1...4096)]
    ) { o, _ in ToyImportanceObjective(samples: o.int("samples")) }
    registry.samplers.register(
      name: "toy-gaussian", summary: "Gaussian proposal with a density",
      options: [.double("std", 0.3, "standard deviation σ", range: 1e-4...100)]
    ) { o, _ in ToyGaussianProposal(std: o.float("std")) }
    registry.samplers.register(
      name: "toy-langevin", summary: "Unadjusted Langevin dynamics",
      options: [
        .int("steps", 50, "steps", range: 1...10_000), .double("step-size", 0.05, "step size η", range: 1e-6...1),
        .choice("init", "normal", ["normal"], "initial distribution"),
      ]
    ) { o, _ in ToyLangevinSampler(steps: o.int("steps"), stepSize: o.float("step-size")) }
    registry.studies.register(
      name: "toy-study", summary: "Toy study: objectives × seeds on toy-line",
      options: [
        OptionSpec(
          "methods", .stringList(studyMethods), default: .stringList(studyMethods), "objectives to compare"),
        .int("epochs", 3, "epochs per run", range: 1...100),
        .int("diverging-seed", -1, "the toy-energy run of this seed diverges at step 2 (-1: none)", range: -1...1000),
      ]
    ) { o, _ in
      let seed = o.int("diverging-seed")
      return ToyStudy(methods: o.strings("methods"), epochs: o.int("epochs"), divergingSeed: seed < 0 ? nil : UInt64(seed))
    }
    if !registry.optimizers.contains("sgd") {
      registry.optimizers.register(
        name: "sgd", summary: "SGD", options: [.double("lr", 1e-2, "learning rate", range: 0...10)]
      ) { o, _ in try SGD(learningRate: o.float("lr")) }
    }
    if !registry.optimizers.contains("adam") {
      registry.optimizers.register(
        name: "adam", summary: "Adam", options: [.double("lr", 1e-3, "learning rate", range: 0...10)]
      ) { o, _ in try Adam(learningRate: o.float("lr")) }
    }
  }
}
