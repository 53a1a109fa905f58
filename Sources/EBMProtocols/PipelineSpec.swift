import Foundation
import Tensors

/// A pipeline as a user writes it, in Swift or in a JSON pipeline file, with the registry's
/// names and options. Anything left `nil` comes from the task's defaults.
///
/// ```json
/// {"task": {"name": "regression1d-1"}, "objective": {"name": "nce+", "options": {"samples": 1024}},
///  "epochs": 75, "seed": 0}
/// ```
public struct PipelineSpec: Sendable, Equatable, Codable {
  public var task: ComponentReference
  public var architecture: ComponentReference?
  public var objective: ComponentReference?
  public var sampler: ComponentReference?
  public var optimizer: ComponentReference?
  public var schedule: ScheduleSpec?
  public var epochs: Int?
  public var batchSize: Int?
  public var outlierBatchSize: Int?
  public var seed: UInt64

  public init(
    task: ComponentReference, architecture: ComponentReference? = nil, objective: ComponentReference? = nil,
    sampler: ComponentReference? = nil, optimizer: ComponentReference? = nil, schedule: ScheduleSpec? = nil,
    epochs: Int? = nil, batchSize: Int? = nil, outlierBatchSize: Int? = nil, seed: UInt64 = 0
  ) {
    self.task = task
    self.architecture = architecture
    self.objective = objective
    self.sampler = sampler
    self.optimizer = optimizer
    self.schedule = schedule
    self.epochs = epochs
    self.batchSize = batchSize
    self.outlierBatchSize = outlierBatchSize
    self.seed = seed
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case task, architecture, objective, sampler, optimizer, schedule, epochs, batchSize, outlierBatchSize, seed
    /// Optional in a pipeline file; must be ``PipelineSpec/format`` when given. Not encoded.
    case format
  }

  /// Decodes a pipeline; `seed` defaults to 0 when absent, like the Swift initialiser.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    if let format = try container.decodeIfPresent(String.self, forKey: .format), format != PipelineSpec.format {
      throw DecodingError.dataCorruptedError(
        forKey: .format, in: container,
        debugDescription: "'\(format)' is not a swift-ebm pipeline format; help: use \"\(PipelineSpec.format)\" or leave `format` out")
    }
    task = try container.decode(ComponentReference.self, forKey: .task)
    architecture = try container.decodeIfPresent(ComponentReference.self, forKey: .architecture)
    objective = try container.decodeIfPresent(ComponentReference.self, forKey: .objective)
    sampler = try container.decodeIfPresent(ComponentReference.self, forKey: .sampler)
    optimizer = try container.decodeIfPresent(ComponentReference.self, forKey: .optimizer)
    if let text = try? container.decodeIfPresent(String.self, forKey: .schedule) {
      do {
        schedule = try ScheduleSpec(parsing: text)
      } catch let EBMError.invalidOption(_, option, reason) {
        let what = option == text ? "'\(text.prefix(60))' \(reason)" : "'\(text.prefix(60))': \(option) \(reason)"
        throw DecodingError.dataCorruptedError(forKey: .schedule, in: container, debugDescription: what)
      }
    } else {
      schedule = try container.decodeIfPresent(ScheduleSpec.self, forKey: .schedule)
    }
    epochs = try container.decodeIfPresent(Int.self, forKey: .epochs)
    batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize)
    outlierBatchSize = try container.decodeIfPresent(Int.self, forKey: .outlierBatchSize)
    seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
  }

  /// The `format` a pipeline file may declare (optional; any other value is refused).
  public static let format = "swift-ebm-pipeline-1"

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(task, forKey: .task)
    try container.encodeIfPresent(architecture, forKey: .architecture)
    try container.encodeIfPresent(objective, forKey: .objective)
    try container.encodeIfPresent(sampler, forKey: .sampler)
    try container.encodeIfPresent(optimizer, forKey: .optimizer)
    try container.encodeIfPresent(schedule, forKey: .schedule)
    try container.encodeIfPresent(epochs, forKey: .epochs)
    try container.encodeIfPresent(batchSize, forKey: .batchSize)
    try container.encodeIfPresent(outlierBatchSize, forKey: .outlierBatchSize)
    try container.encode(seed, forKey: .seed)
  }

  /// Reads a JSON pipeline file.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the field that is wrong.
  public static func load(from url: URL) throws -> PipelineSpec {
    let data: Data
    do {
      data = try InputFile.read(url, limit: InputFile.textLimit)
    } catch {
      throw EBMError.invalidFile(path: error.path, reason: error.reason)
    }
    return try decode(data, path: url.path)
  }

  /// Decodes pipeline JSON strictly (``StrictJSONDecoder``: no duplicate keys, trailing commas
  /// or misspelt fields; numbers of the wrong type named by field) and checks every number
  /// against ``PipelineLimits``; `path` names the source in errors.
  public static func decode(_ data: Data, path: String) throws -> PipelineSpec {
    let object = try StrictJSONDecoder.parse(data, path: path)
    try checkFieldNames(data, path: path)
    try checkIntegerFields(object, prefix: [], path: path)
    let spec = try StrictJSONDecoder.decode(PipelineSpec.self, from: data, path: path)
    do {
      try spec.validateNumbers()
    } catch let error as EBMError {
      throw EBMError.invalidFile(path: path, reason: error.description)
    }
    return spec
  }

  /// Checks the pipeline's own numbers (epochs, batch sizes, schedule) against
  /// ``PipelineLimits``; component options are checked by their option specs.
  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` naming the field and its range.
  public func validateNumbers() throws {
    func check(_ value: Int?, _ field: String, _ range: ClosedRange<Int>) throws {
      guard let value else { return }
      guard range.contains(value) else {
        throw EBMError.invalidOption(
          component: "pipeline", option: field, reason: "must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
      }
    }
    try check(epochs, "epochs", PipelineLimits.epochs)
    try check(batchSize, "batchSize", PipelineLimits.batchSize)
    try check(outlierBatchSize, "outlierBatchSize", PipelineLimits.outlierBatchSize)
    try schedule?.validate()
  }

  /// Checks the integer fields of pipeline JSON under `prefix` (top level, schedules at every
  /// nesting level) before decoding, so that `63.5` is reported by field.
  static func checkIntegerFields(_ object: Any, prefix: [String], path: String) throws {
    for field in [CodingKeys.epochs, .batchSize, .outlierBatchSize, .seed] {
      try StrictJSONDecoder.checkInteger(object, at: prefix + [field.rawValue], unsigned: field == .seed, path: path)
    }
    var schedule = prefix + [CodingKeys.schedule.rawValue]
    // Bounded by the nesting limit of the JSON text (StrictJSON.defaultMaximumDepth).
    while StrictJSONDecoder.value(at: schedule, in: object) != nil {
      try StrictJSONDecoder.checkInteger(object, at: schedule + ["step", "every"], path: path)
      try StrictJSONDecoder.checkInteger(object, at: schedule + ["warmup", "steps"], path: path)
      schedule += ["warmup", "then"]
    }
  }

  /// Rejects misspelt fields (JSONDecoder would silently ignore them): unknown top-level
  /// fields and unknown fields of a component reference, with the nearest valid name.
  static func checkFieldNames(_ data: Data, path: String) throws {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
    func check(_ keys: some Sequence<String>, allowed: [String], prefix: String) throws {
      for key in keys.sorted() where !allowed.contains(key) && !(prefix.isEmpty && key == CodingKeys.format.rawValue) {
        let hint = NameSuggestion.nearest(to: key, in: allowed).map { "; did you mean '\(prefix)\($0)'?" } ?? ""
        throw EBMError.invalidFile(
          path: path, reason: "unknown field '\(prefix)\(key)'\(hint) (fields: \(allowed.joined(separator: ", ")))")
      }
    }
    try check(object.keys, allowed: CodingKeys.allCases.filter { $0 != .format }.map(\.rawValue), prefix: "")
    for key in ["task", "architecture", "objective", "sampler", "optimizer"] {
      if let reference = object[key] as? [String: Any] {
        try check(reference.keys, allowed: ["name", "options"], prefix: key + ".")
      }
    }
  }

  /// Pretty JSON with sorted keys.
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }
}
