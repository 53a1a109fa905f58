import EBMProtocols
import Testing

/// The typed options pattern: defaults written once (in the struct), specs derived from them,
/// one decoder, ranges and a cross-field check enforced before a component is built.
@Suite struct TypedOptionsTests {
  enum Schedule: String, CaseIterable, Sendable { case constant, linear }

  struct WindowOptions: TypedOptions, Equatable {
    var steps = 10
    var low: Float = 0.025
    var high = 2.0
    var schedule = Schedule.constant
    var persistent = false
    var widths = [4, 8]
    init() {}
    static let fields: [OptionField<WindowOptions>] = [
      .int("steps", \.steps, "steps", range: 0...100),
      .float("low", \.low, "lower end", range: 0...10),
      .double("high", \.high, "upper end", range: 0...10),
      .choice("schedule", \.schedule, "schedule"),
      .bool("persistent", \.persistent, "keep chains"),
      .ints("widths", \.widths, "widths", range: 1...64),
    ]
    func validate(component: String) throws {
      guard Double(low) < high else {
        throw EBMError.invalidOption(component: component, option: "low", reason: "must be below high (\(high)), got \(low)")
      }
    }
  }

  static func table() -> ComponentTable<WindowOptions> {
    var table = ComponentTable<WindowOptions>(kind: .objective)
    table.register(name: "window", summary: "test", options: WindowOptions.self) { options, _ in options }
    return table
  }

  @Test func specsCarryTheStructDefaults() {
    let specs = WindowOptions.specs
    #expect(specs.map(\.name) == ["steps", "low", "high", "schedule", "persistent", "widths"])
    #expect(specs[0].defaultValue == .int(10))
    #expect(specs[1].defaultValue == .double(0.025))  // the Float's shortest decimal
    #expect(specs[3].type == .choice(["constant", "linear"]))
    #expect(specs[5].range == 1...64)
  }

  @Test func decodingDefaultsGivesTheDefaultStruct() throws {
    let made = try Self.table().make(ComponentReference("window"))
    #expect(made == WindowOptions())
  }

  @Test func decodingReadsCommandLineStringsByType() throws {
    let made = try Self.table().make(
      ComponentReference(
        "window",
        options: [
          "steps": "7", "low": "0.5", "schedule": "linear", "persistent": "true", "widths": "2,3",
        ]))
    var expected = WindowOptions()
    expected.steps = 7
    expected.low = 0.5
    expected.schedule = .linear
    expected.persistent = true
    expected.widths = [2, 3]
    #expect(made == expected)
  }

  @Test(arguments: [
    (["steps": OptionValue.int(101)], "must be in 0...100"),
    (["schedule": "cosine"], "must be one of constant, linear"),
    (["widths": "4,0"], "must be in 1...64"),
    (["low": 3.0, "high": 2.0], "must be below high"),
  ])
  func invalidValuesAreRejectedBeforeBuilding(_ options: [String: OptionValue], _ message: String) {
    do {
      _ = try Self.table().make(ComponentReference("window", options: options))
      Issue.record("accepted \(options)")
    } catch {
      #expect("\(error)".contains(message), "\(error)")
    }
  }

  @Test func valuesRoundTripThroughAReference() throws {
    var options = WindowOptions()
    options.high = 4
    options.schedule = .linear
    let made = try Self.table().make(ComponentReference("window", options: options.values))
    #expect(made == options)
  }

  /// A list of an enum's cases (`choices`): every case allowed, read by raw value, round-tripped,
  /// and an unknown name rejected with the option named.
  struct PlanOptions: TypedOptions, Equatable {
    var schedules: [Schedule] = [.constant]
    init() {}
    static let fields: [OptionField<PlanOptions>] = [.choices("schedules", \.schedules, "schedules to run")]
  }

  @Test func enumListsAreTypedChoices() throws {
    var table = ComponentTable<PlanOptions>(kind: .study)
    table.register(name: "plan", summary: "test", options: PlanOptions.self) { options, _ in options }
    #expect(PlanOptions.specs[0].type == .stringList(["constant", "linear"]))
    #expect(PlanOptions.specs[0].defaultValue == .stringList(["constant"]))
    let made = try table.make(ComponentReference("plan", options: ["schedules": "linear,constant"]))
    #expect(made.schedules == [.linear, .constant])
    #expect(try table.make(ComponentReference("plan", options: made.values)) == made)
    #expect {
      _ = try table.make(ComponentReference("plan", options: ["schedules": "linear,cosine"]))
    } throws: { error in
      "\(error)".contains("schedules") && "\(error)".contains("'cosine'")
    }
  }
}
