import EBM
import EBMProtocols
import Foundation
import Tensors
import Testing

/// Contracts every registered component keeps, checked over every name in
/// `Registry.standard()`: a new component gets these checks by registering.
@Suite struct RegistryContractTests {
  static let registry = Registry.standard()

  /// The energy kinds architectures are tried with (an architecture may serve only some).
  static let kinds: [EnergyKind] = [
    .conditional(inputShape: [1], outputDimension: 1), .conditional(inputShape: [3], outputDimension: 2),
    .unconditional(dimension: 2), .discrete(inputShape: [4], labelCount: 3),
    // Images: 1×8×8 flat images (conv-energy, conv-classifier) and 64×64 crops with a box u ∈ ℝ⁴
    // (the box energies; the tracking form takes the reference and test crops as 6 channels).
    .unconditional(dimension: 64), .discrete(inputShape: [64], labelCount: 3),
    .conditional(inputShape: [3, 64, 64], outputDimension: 4), .conditional(inputShape: [6, 64, 64], outputDimension: 4),
  ]

  /// Every architecture this name builds for some kind, from its defaults.
  static func architectures(_ name: String) throws -> [any EnergyFunction] {
    var built: [any EnergyFunction] = []
    for kind in kinds {
      do {
        built.append(try registry.architectures.make(ComponentReference(name), context: ComponentContext(energyKind: kind)))
      } catch is EBMError {
        continue  // Not this kind: a clear error, as the contract asks.
      }
    }
    return built
  }

  // MARK: Every component builds from its defaults, and `ebm describe` works.

  @Test(arguments: registry.architectures.names) func architectureBuildsFromDefaults(_ name: String) throws {
    let built = try Self.architectures(name)
    #expect(!built.isEmpty, "\(name) builds for none of \(Self.kinds)")
  }

  @Test(arguments: registry.objectives.names) func objectiveBuildsFromDefaults(_ name: String) throws {
    _ = try Self.registry.objectives.make(ComponentReference(name))
  }

  @Test(arguments: registry.samplers.names) func samplerBuildsFromDefaults(_ name: String) throws {
    _ = try Self.registry.samplers.make(ComponentReference(name))
  }

  @Test(arguments: registry.optimizers.names) func optimizerBuildsFromDefaults(_ name: String) throws {
    _ = try Self.registry.optimizers.make(ComponentReference(name))
  }

  @Test(arguments: registry.inference.names) func inferenceBuildsFromDefaults(_ name: String) throws {
    _ = try Self.registry.inference.make(ComponentReference(name))
  }

  @Test(arguments: registry.tasks.names) func taskBuildsFromDefaults(_ name: String) throws {
    _ = try Self.registry.tasks.make(ComponentReference(name))
  }

  @Test(arguments: registry.studies.names) func studyBuildsFromDefaults(_ name: String) throws {
    let study = try Self.registry.studies.make(ComponentReference(name))
    #expect(!study.runs(seeds: [0]).isEmpty)
  }

  /// Every option's default, written back as the command line writes it, is a valid value that
  /// reads back as the default (a default outside its own range, or a float default that does
  /// not survive printing, fails here), and the component builds from it.
  @Test func everyDefaultReadsBackFromTheCommandLine() throws {
    func check<C>(_ table: ComponentTable<C>, context: (String) throws -> ComponentContext) throws {
      for descriptor in table.descriptors {
        var raw: [String: OptionValue] = [:]
        for spec in descriptor.options {
          if case let .stringList(names) = spec.defaultValue, names.isEmpty { continue }
          raw[spec.name] = .string(spec.defaultValue.description)
        }
        let resolved = try descriptor.resolveOptions(raw)
        for spec in descriptor.options where raw[spec.name] != nil {
          let back = resolved.all[spec.name]
          #expect(
            back == spec.defaultValue || back.map { "\($0)" } == "\(spec.defaultValue)",
            "\(table.kind.rawValue) \(descriptor.name): option \(spec.name) reads back as \(String(describing: back)), default \(spec.defaultValue)")
        }
        _ = try descriptor.make(resolved, try context(descriptor.name))
      }
    }
    let none: (String) throws -> ComponentContext = { _ in ComponentContext() }
    try check(Self.registry.objectives, context: none)
    try check(Self.registry.samplers, context: none)
    try check(Self.registry.optimizers, context: none)
    try check(Self.registry.inference, context: none)
    try check(Self.registry.tasks, context: none)
    try check(Self.registry.studies, context: none)
    try check(Self.registry.architectures) { name in
      // The first energy kind the architecture accepts (the contract above checks it has one).
      for kind in Self.kinds {
        let context = ComponentContext(energyKind: kind)
        if (try? Self.registry.architectures.make(ComponentReference(name), context: context)) != nil { return context }
      }
      return ComponentContext()
    }
  }

  /// `ebm describe NAME --kind KIND --json` for every name of every kind.
  @Test func describeWorksForEveryName() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let tables: [(String, [String])] = [
      ("architecture", Self.registry.architectures.names), ("objective", Self.registry.objectives.names),
      ("sampler", Self.registry.samplers.names), ("optimizer", Self.registry.optimizers.names),
      ("inference", Self.registry.inference.names), ("task", Self.registry.tasks.names),
      ("study", Self.registry.studies.names),
    ]
    for (kind, names) in tables {
      for name in names {
        let run = CLIRun(["describe", name, "--kind", kind, "--json"], registry: Self.registry, in: folder.url)
        #expect(run.status == 0, "describe \(kind) \(name): \(run.error)")
        #expect((try? run.json())?["name"] as? String == name, "describe \(kind) \(name): \(run.text)")
      }
    }
  }

  // MARK: Every name a task's defaults or a study's methods use resolves.

  @Test(arguments: registry.tasks.names) func taskDefaultsResolve(_ name: String) throws {
    let registry = Self.registry
    let task = try registry.tasks.make(ComponentReference(name))
    let defaults = task.defaults
    let context = ComponentContext(energyKind: task.energyKind)
    _ = try registry.architectures.make(defaults.architecture, context: context)
    _ = try registry.objectives.make(defaults.objective)
    _ = try registry.optimizers.make(defaults.optimizer)
    if let sampler = defaults.sampler { _ = try registry.samplers.make(sampler) }
    if let sampler = defaults.evaluationSampler { _ = try registry.samplers.make(sampler) }
    for (objective, options) in defaults.objectiveOverrides {
      _ = try registry.objectives.make(ComponentReference(objective, options: options))
    }
    for (objective, sampler) in defaults.samplerForObjective {
      #expect(registry.objectives.contains(objective), "\(name): samplerForObjective names objective '\(objective)'")
      _ = try registry.samplers.make(sampler)
    }
    // The task's own pipeline composes, and so does each objective it has settings for.
    _ = try registry.makePipeline(PipelineSpec(task: ComponentReference(name)))
    for objective in Set(defaults.objectiveOverrides.keys).union(defaults.samplerForObjective.keys) {
      _ = try registry.makePipeline(PipelineSpec(task: ComponentReference(name), objective: ComponentReference(objective)))
    }
  }

  @Test(arguments: registry.studies.names) func studyMethodsResolve(_ name: String) throws {
    let study = try Self.registry.studies.make(ComponentReference(name))
    let pipelines = try #require(study as? any PipelineStudy, "study \(name) does not say its pipelines (PipelineStudy)")
    for run in study.runs(seeds: [0]) {
      // A run may train nothing (a baseline); every pipeline it does train must compose.
      for spec in pipelines.pipelineSpecs(for: run) {
        #expect(throws: Never.self, "\(name) \(run.labels): \(spec.task.name) \(spec.objective?.name ?? "-")") {
          _ = try Self.registry.makePipeline(spec)
        }
      }
    }
  }

  // MARK: Energies: ∂E/∂y (and the parameter gradients of label energies) match finite differences.

  /// Central differences of Σ E against `energyGradient` (the energy's own path, which may be a
  /// hand-written kernel) for continuous kinds; against autodiff in the parameters for label energies.
  @Test(arguments: registry.architectures.names) func energyGradientMatchesFiniteDifferences(_ name: String) throws {
    for energy in try Self.architectures(name) {
      var rng = RandomGenerator(seed: 11)
      let parameters = energy.initialParameters(using: &rng)
      switch energy.kind {
      case let .conditional(inputShape, dy):
        let x = Tensor.normal([2] + inputShape, using: &rng)
        let y = Tensor.normal([2, 3, dy], using: &rng)
        let analytic = energy.energyGradient(x: x, y: y, parameters: parameters)
        let worst = Self.worstViolation(analytic: analytic.scalars, at: y) { energy.energy(x: x, y: $0, parameters: parameters) }
        #expect(worst <= 1, "\(name) \(energy.kind): ∂E/∂y off by \(worst)× the tolerance")
      case let .unconditional(d):
        let y = Tensor.normal([4, d], using: &rng)
        let analytic = energy.energyGradient(x: nil, y: y, parameters: parameters)
        let worst = Self.worstViolation(analytic: analytic.scalars, at: y) { energy.energy(x: nil, y: $0, parameters: parameters) }
        #expect(worst <= 1, "\(name) \(energy.kind): ∂E/∂y off by \(worst)× the tolerance")
      case let .discrete(inputShape, labels):
        let x = Tensor.normal([2] + inputShape, using: &rng)
        let y = Tensor(shape: [2, labels], scalars: (0..<(2 * labels)).map { Float($0 % labels) })
        for key in parameters.keys.sorted() {
          let analytic = withGradients {
            var leaves = parameters
            leaves[key] = parameters[key]!.requiringGradient()
            return gradients(of: energy.energy(x: x, y: y, parameters: leaves).sum(), at: [leaves[key]!])[0]
          }
          let worst = Self.worstViolation(analytic: analytic.scalars, at: parameters[key]!, elements: 12) { value in
            var p = parameters
            p[key] = value
            return energy.energy(x: x, y: y, parameters: p)
          }
          #expect(worst <= 1, "\(name) ∂E/∂\(key) off by \(worst)× the tolerance")
        }
      }
    }
  }

  /// The largest |analytic − numeric| / (5e-3 + 2e-2 |numeric|) over (up to `elements` evenly
  /// spread) elements of `point`, with differences of step 1e-3 of Σ f.
  ///
  /// `numeric` is the central difference, or a one-sided one when that is closer: at a ReLU or
  /// max-pooling kink within the step (likely for a bias that shifts dozens of pre-activations at
  /// once) the central difference averages the two sides, while the gradient is one side's.
  /// A wrong gradient disagrees with all three.
  static func worstViolation(
    analytic: [Float], at point: Tensor, elements: Int = .max, _ f: (Tensor) -> Tensor
  ) -> Double {
    let epsilon: Float = 1e-3
    let stride = max(1, point.count / min(elements, point.count))
    var worst = 0.0
    for j in Swift.stride(from: 0, to: point.count, by: stride) {
      var plus = point.scalars
      plus[j] += epsilon
      var minus = point.scalars
      minus[j] -= epsilon
      let fPlus = withoutGradients { f(Tensor(shape: point.shape, scalars: plus)).scalars.reduce(0.0) { $0 + Double($1) } }
      let fMinus = withoutGradients { f(Tensor(shape: point.shape, scalars: minus)).scalars.reduce(0.0) { $0 + Double($1) } }
      let fHere = withoutGradients { f(point).scalars.reduce(0.0) { $0 + Double($1) } }
      let differences = [
        (fPlus - fMinus) / (2 * Double(epsilon)), (fPlus - fHere) / Double(epsilon), (fHere - fMinus) / Double(epsilon),
      ]
      let violation = differences.map { numeric in abs(Double(analytic[j]) - numeric) / (5e-3 + 2e-2 * abs(numeric)) }.min()!
      worst = max(worst, violation)
    }
    return worst
  }

  // MARK: Samplers: their kind and request type, shapes, determinism under a seed, log q.

  /// A loss context around a small conditional batch, with `sampler` as the pipeline's.
  static func lossContext(sampler: any ProposalSampler, energy: any EnergyFunction, rng: inout RandomGenerator) -> LossContext {
    LossContext(
      energy: energy, parameters: energy.initialParameters(using: &rng),
      batch: Batch(x: Tensor([[0.5], [-1]]), y: Tensor([[0.2], [1]])), sampler: sampler, rng: RandomGenerator(seed: 3),
      step: 0)
  }

  /// Each sampler is exactly one kind, says so in `capability`, and asked through the other
  /// kind's request it throws an error naming itself. (Calling the other kind's method on the
  /// concrete type does not compile: `propose` exists only on `DensitySampler`, `sample(ChainRequest)`
  /// only on `DynamicsSampler`, and a `ChainRequest` cannot be built without a model.)
  @Test(arguments: registry.samplers.names) func samplerIsOneKindAndRejectsTheOtherKindsRequest(_ name: String) throws {
    let sampler = try Self.registry.samplers.make(ComponentReference(name))
    let isDensity = sampler is any DensitySampler
    let isDynamics = sampler is any DynamicsSampler
    #expect(isDensity != isDynamics, "\(name) must be a DensitySampler or a DynamicsSampler, and not both")
    #expect(sampler.capability == (isDensity ? .density : .dynamics), "\(name): capability disagrees with its protocol")
    var rng = RandomGenerator(seed: 2)
    let energy = try Self.registry.architectures.make(
      ComponentReference("conditional-mlp", options: ["width": .int(8), "depth": .int(1)]),
      context: ComponentContext(energyKind: .conditional(inputShape: [1], outputDimension: 1)))
    var context = Self.lossContext(sampler: sampler, energy: energy, rng: &rng)
    do {
      if isDensity {
        _ = try context.runChains(ChainRequest(model: context.detachedModel, x: context.batch.x, start: context.batch.y, count: 2))
      } else {
        _ = try context.propose(.around(context.batch.y, count: 2))
      }
      Issue.record("\(name) served the other kind's request")
    } catch let error as EBMError {
      #expect("\(error)".contains(sampler.typeName), "\(name): the error does not name the sampler: \(error)")
    }
    if isDynamics {
      // A conditional energy's chains need start points; without them the sampler says so.
      var dynamics = sampler as! any DynamicsSampler
      #expect(throws: EBMError.self, "\(name) ran conditional chains without start points") {
        try dynamics.sample(ChainRequest(model: context.detachedModel, x: context.batch.x, count: 2), using: &rng)
      }
    }
  }

  @Test(arguments: registry.samplers.names) func samplerKeepsTheSamplerContract(_ name: String) throws {
    let registry = Self.registry
    var rng = RandomGenerator(seed: 5)
    let sampler = try registry.samplers.make(ComponentReference(name))
    if let density = sampler as? any DensitySampler {
      let requests: [(ProposalRequest, [Int], [Int])] = [
        (.around(Tensor([[0.2], [1]]), count: 6), [2, 6, 1], [2, 6]),
        (.unconditional(count: 6, dimension: 2), [6, 2], [6]),
      ]
      for (request, sampleShape, densityShape) in requests {
        func draw() throws -> Proposals {
          var copy = density
          var generator = RandomGenerator(seed: 42)
          return try copy.propose(request, using: &generator)
        }
        let first = try draw()
        let second = try draw()
        #expect(first.samples.shape == sampleShape, "\(name): samples \(first.samples.shape), expected \(sampleShape)")
        #expect(first.samples.scalars == second.samples.scalars, "\(name): the same seed gave different samples")
        #expect(first.logDensity.shape == densityShape)
        let finite = first.samples.scalars.allSatisfy(\.isFinite) && first.logDensity.scalars.allSatisfy(\.isFinite)
        #expect(finite, "\(name): non-finite samples or log q")
        // log q of the samples recomputed from the points agrees with the log q from the drawn offsets.
        let again = first.logDensity(of: first.samples)
        let agrees = zip(again.scalars, first.logDensity.scalars).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }
        #expect(agrees, "\(name): log q of the samples disagrees with log q of their offsets")
      }
      try Self.checkDensityAgainstItsSamples(name, density)
    } else {
      let dynamics = try #require(sampler as? any DynamicsSampler)
      let conditional = try registry.architectures.make(
        ComponentReference("conditional-mlp", options: ["width": .int(8), "depth": .int(1)]),
        context: ComponentContext(energyKind: .conditional(inputShape: [1], outputDimension: 1)))
      let unconditional = try registry.architectures.make(ComponentReference("gaussian-energy"))
      let requests: [(ChainRequest, [Int])] = [
        (
          ChainRequest(
            model: TrainedEnergy(energy: conditional, parameters: conditional.initialParameters(using: &rng)),
            x: Tensor([[0.5], [-1]]), start: Tensor([[0.2], [1]]), count: 6),
          [2, 6, 1]
        ),
        (ChainRequest(model: TrainedEnergy(energy: unconditional, parameters: [:]), count: 6), [6, 2]),
      ]
      for (request, sampleShape) in requests {
        func run() throws -> SampleResult {
          var copy = dynamics
          var generator = RandomGenerator(seed: 42)
          return try copy.sample(request, using: &generator)
        }
        let first = try run()
        let second = try run()
        #expect(first.samples.shape == sampleShape, "\(name): samples \(first.samples.shape), expected \(sampleShape)")
        let finiteSamples = first.samples.scalars.allSatisfy(\.isFinite)
        #expect(finiteSamples, "\(name): non-finite samples")
        #expect(first.samples.scalars == second.samples.scalars, "\(name): the same seed gave different samples")
        if let rate = first.acceptanceRate { #expect((0...1).contains(rate)) }
      }
    }
  }

  /// A density sampler's log q is the density of its own draws, in 1-D: it integrates to 1 on a
  /// fine grid (trapezoid rule), and the share of 20 000 draws within |y − c| < a matches
  /// ∫_{−a}^{a} q for several a (within 5 binomial standard errors).
  static func checkDensityAgainstItsSamples(_ name: String, _ sampler: any DensitySampler) throws {
    for request in [ProposalRequest.around(Tensor([[0.7]]), count: 20_000), .unconditional(count: 20_000, dimension: 1)] {
      let h: Float = 0.002
      let grid = (-10_000...10_000).map { Float($0) * h }
      let q = sampler.logDensity(offsets: Tensor(shape: [grid.count, 1], scalars: grid), for: request).scalars.map {
        Double(Foundation.exp($0))
      }
      let trapezoid = { (range: ClosedRange<Int>) -> Double in
        (range.lowerBound..<range.upperBound).reduce(0.0) { $0 + 0.5 * (q[$1] + q[$1 + 1]) * Double(h) }
      }
      let total = trapezoid(0...(grid.count - 1))
      #expect(abs(total - 1) < 1e-3, "\(name): log q integrates to \(total), not 1")
      var copy = sampler
      var rng = RandomGenerator(seed: 9)
      let draws = try copy.propose(request, using: &rng)
      let offsets = request.offsets(of: draws.samples).scalars
      for a: Float in [0.05, 0.2, 1, 2] {
        let k = Int((a / h).rounded())
        let expected = trapezoid((10_000 - k)...(10_000 + k))
        let observed = Double(offsets.filter { abs($0) < a }.count) / Double(offsets.count)
        let se = (expected * (1 - expected) / Double(offsets.count)).squareRoot()
        #expect(abs(observed - expected) <= 5 * se + 1e-3, "\(name): P(|y − c| < \(a)) = \(observed), ∫q = \(expected)")
      }
    }
  }
}
