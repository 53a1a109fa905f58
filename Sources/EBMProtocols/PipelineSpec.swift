import Foundation

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
  }

  /// Decodes a pipeline; `seed` defaults to 0 when absent, like the Swift initialiser.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    task = try container.decode(ComponentReference.self, forKey: .task)
    architecture = try container.decodeIfPresent(ComponentReference.self, forKey: .architecture)
    objective = try container.decodeIfPresent(ComponentReference.self, forKey: .objective)
    sampler = try container.decodeIfPresent(ComponentReference.self, forKey: .sampler)
    optimizer = try container.decodeIfPresent(ComponentReference.self, forKey: .optimizer)
    schedule = try container.decodeIfPresent(ScheduleSpec.self, forKey: .schedule)
    epochs = try container.decodeIfPresent(Int.self, forKey: .epochs)
    batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize)
    outlierBatchSize = try container.decodeIfPresent(Int.self, forKey: .outlierBatchSize)
    seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
  }

  /// Reads a JSON pipeline file.
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the field that is wrong.
  public static func load(from url: URL) throws -> PipelineSpec {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
    }
    return try decode(data, path: url.path)
  }

  /// Decodes pipeline JSON; `path` names the source in errors.
  public static func decode(_ data: Data, path: String) throws -> PipelineSpec {
    try checkFieldNames(data, path: path)
    do {
      return try JSONDecoder().decode(PipelineSpec.self, from: data)
    } catch let DecodingError.keyNotFound(key, context) {
      throw EBMError.invalidFile(path: path, reason: "missing field '\(fieldPath(context.codingPath + [key]))'")
    } catch let DecodingError.typeMismatch(_, context) {
      throw EBMError.invalidFile(path: path, reason: "field '\(fieldPath(context.codingPath))' has the wrong type (\(context.debugDescription))")
    } catch let DecodingError.dataCorrupted(context) {
      let field = fieldPath(context.codingPath)
      throw EBMError.invalidFile(path: path, reason: field.isEmpty ? "is not valid JSON (\(context.debugDescription))" : "field '\(field)': \(context.debugDescription)")
    } catch {
      throw EBMError.invalidFile(path: path, reason: "is not a valid pipeline (\(error))")
    }
  }

  /// Rejects misspelt fields (JSONDecoder would silently ignore them): unknown top-level
  /// fields and unknown fields of a component reference, with the nearest valid name.
  static func checkFieldNames(_ data: Data, path: String) throws {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
    func check(_ keys: some Sequence<String>, allowed: [String], prefix: String) throws {
      for key in keys.sorted() where !allowed.contains(key) {
        let hint = NameSuggestion.nearest(to: key, in: allowed).map { "; did you mean '\(prefix)\($0)'?" } ?? ""
        throw EBMError.invalidFile(
          path: path, reason: "unknown field '\(prefix)\(key)'\(hint) (fields: \(allowed.joined(separator: ", ")))")
      }
    }
    try check(object.keys, allowed: CodingKeys.allCases.map(\.rawValue), prefix: "")
    for key in ["task", "architecture", "objective", "sampler", "optimizer"] {
      if let reference = object[key] as? [String: Any] {
        try check(reference.keys, allowed: ["name", "options"], prefix: key + ".")
      }
    }
  }

  static func fieldPath(_ path: [any CodingKey]) -> String {
    path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
  }

  /// Pretty JSON with sorted keys.
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }
}
