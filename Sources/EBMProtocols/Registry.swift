import Tensors

/// Every component the framework can compose, by kind and name. The core registers none:
/// each module adds its own (`LossRegistration.register(in:)`, …), the `EBM` module assembles the
/// standard registry, and users add theirs in a few lines:
///
/// ```swift
/// var registry = Registry.standard()
/// registry.objectives.register(name: "my-loss", summary: "…") { options, _ in MyLoss() }
/// ```
public struct Registry: Sendable {
  public var architectures = ComponentTable<any EnergyFunction>(kind: .architecture)
  public var objectives = ComponentTable<any TrainingObjective>(kind: .objective)
  public var samplers = ComponentTable<any ProposalSampler>(kind: .sampler)
  public var tasks = ComponentTable<any LearningTask>(kind: .task)
  public var optimizers = ComponentTable<any Optimizer>(kind: .optimizer)
  public var inference = ComponentTable<any EnergyInference>(kind: .inference)
  public var studies = ComponentTable<any Study>(kind: .study)

  /// An empty registry.
  public init() {}

  /// (name, summary) of every component of `kind`.
  public func summaries(of kind: ComponentKind) -> [(name: String, summary: String)] {
    switch kind {
    case .task: tasks.descriptors.map { ($0.name, $0.summary) }
    case .architecture: architectures.descriptors.map { ($0.name, $0.summary) }
    case .objective: objectives.descriptors.map { ($0.name, $0.summary) }
    case .sampler: samplers.descriptors.map { ($0.name, $0.summary) }
    case .optimizer: optimizers.descriptors.map { ($0.name, $0.summary) }
    case .inference: inference.descriptors.map { ($0.name, $0.summary) }
    case .study: studies.descriptors.map { ($0.name, $0.summary) }
    }
  }

  /// Everything registered under `name`, in any kind: (kind, summary, details, options).
  public func lookup(_ name: String) -> [(kind: ComponentKind, summary: String, details: String, options: [OptionSpec])] {
    var found: [(ComponentKind, String, String, [OptionSpec])] = []
    func add<C>(_ table: ComponentTable<C>) {
      if let d = try? table.descriptor(name) { found.append((table.kind, d.summary, d.details, d.options)) }
    }
    add(tasks)
    add(architectures)
    add(objectives)
    add(samplers)
    add(optimizers)
    add(inference)
    add(studies)
    return found
  }

  /// Every registered name of every kind (for suggestions).
  public var allNames: [String] {
    var names = tasks.names
    names += architectures.names
    names += objectives.names
    names += samplers.names
    names += optimizers.names
    names += inference.names
    names += studies.names
    return names
  }
}
