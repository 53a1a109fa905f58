import EBM
import EBMProtocols
import Foundation
import Tensors
import Testing

/// The LeCun study end to end on digits (one seed, the task's default 30 epochs; a few seconds
/// in release): the energy loss collapses the RBF architecture, the margin losses do not, and
/// the energy loss on the regression energy does not collapse.
@Suite struct LeCunStudyTests {
  static func run(_ options: [String: OptionValue], pictures: Bool = false) throws -> (StudyRunner.Outcome, URL, [String]) {
    let registry = Registry.standard()
    let study = try registry.studies.make(ComponentReference("lecun", options: options))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lecun-study-\(UUID().uuidString)")
    let lines = LineCollector()
    let outcome = try StudyRunner(registry: registry).run(
      study, name: "lecun", seedCount: 1, outputDirectory: directory, json: true, drawPictures: pictures,
      output: { lines.append($0) }, log: { _ in })
    return (outcome, directory, lines.lines)
  }

  final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) {
      lock.lock()
      stored.append(line)
      lock.unlock()
    }
    var lines: [String] {
      lock.lock()
      defer { lock.unlock() }
      return stored
    }
  }

  static func record(_ outcome: StudyRunner.Outcome, _ loss: String, _ architecture: String) -> StudyRecord? {
    outcome.records.first { $0.label("loss") == loss && $0.label("architecture") == architecture }
  }

  @Test func energyLossCollapsesRBFWhileMarginLossesDoNot() throws {
    let (outcome, directory, lines) = try Self.run([
      "losses": .stringList(["energy", "hinge", "nll"]), "architectures": .stringList(["rbf", "regression-energy"]),
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(outcome.records.count == 4)

    let energy = try #require(Self.record(outcome, "energy", "rbf"))
    #expect(energy.value("collapsed") == 1)
    #expect((energy.value("test_accuracy") ?? 1) < 0.2, "collapsed RBF should answer near chance (0.1)")
    #expect((energy.value("energy_spread") ?? 1) < 0.01)

    for loss in ["hinge", "nll"] {
      let r = try #require(Self.record(outcome, loss, "rbf"))
      #expect(r.value("collapsed") == 0, "\(loss)")
      #expect((r.value("test_accuracy") ?? 0) >= 0.9, "\(loss): \(r.value("test_accuracy") ?? -1)")
      #expect((r.value("energy_gap") ?? 0) > 0, "\(loss)")
    }

    let regression = try #require(Self.record(outcome, "energy", "regression-energy"))
    #expect(regression.value("collapsed") == 0)
    #expect((regression.value("test_accuracy") ?? 0) >= 0.9)

    // One JSON object per run with the keys the issue asks for.
    #expect(lines.count == 4)
    for line in lines {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      for key in ["loss", "architecture", "seed", "test_accuracy", "energy_gap", "collapsed"] {
        #expect(object[key] != nil, "missing \(key) in \(line)")
      }
    }
  }

  @Test func picturesShowEnergiesPerLabel() throws {
    let (_, directory, _) = try Self.run(
      ["losses": .stringList(["log"]), "architectures": .stringList(["rbf"]), "epochs": .int(2)], pictures: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let svg = try String(contentsOf: directory.appendingPathComponent("log-rbf-seed0-energies.svg"), encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.contains("spread"))
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("log-rbf-seed0-energies.png").path))
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("label-energies.svg").path))
  }

  /// The figure data of a trained loss: for every true digit the correct label has, on
  /// average, a lower energy than the other labels (the figure's dark diagonal).
  @Test func labelEnergiesHaveALowDiagonal() throws {
    let (outcome, directory, _) = try Self.run(
      ["losses": .stringList(["log"]), "architectures": .stringList(["rbf"]), "epochs": .int(2)], pictures: false)
    defer { try? FileManager.default.removeItem(at: directory) }
    let energies = try #require(outcome.records.first { $0.seed == 0 }?.series["label_energy"])
    #expect(energies.count == 100)
    for digit in 0..<10 {
      let row = energies[(digit * 10)..<(digit * 10 + 10)]
      let others = (row.reduce(0, +) - row[digit * 10 + digit]) / 9
      #expect(row[digit * 10 + digit] < others, "digit \(digit): \(Array(row))")
    }
  }

  /// The latent-variable RBF (three prototypes per class, min over Z) trains like the RBF.
  @Test func latentRBFTrainsWithTheHingeLoss() throws {
    let registry = Registry.standard()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lecun-latent-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let context = StudyContext(registry: registry, outputDirectory: directory, drawPictures: false, log: { _ in })
    let result = try context.trainAndEvaluate(
      PipelineSpec(task: ComponentReference("digits"), architecture: ComponentReference("latent-rbf"),
        objective: ComponentReference("hinge"), seed: 0))
    let accuracy = try #require(result.metrics.first { $0.name == "test_accuracy" }?.value)
    #expect(accuracy >= 0.9, "latent-rbf + hinge: \(accuracy)")
  }

  @Test func registryNamesTheLeCunComponents() {
    let registry = Registry.standard()
    for name in ["energy", "perceptron", "hinge", "log", "lvq2", "mce", "square-square", "square-exponential", "nll"] {
      #expect(registry.objectives.contains(name), "\(name)")
    }
    for name in ["rbf", "regression-energy", "logits-mlp", "latent-rbf"] { #expect(registry.architectures.contains(name)) }
    for name in ["exhaustive", "gradient-descent", "gibbs"] { #expect(registry.inference.contains(name)) }
    #expect(registry.tasks.contains("digits") && registry.studies.contains("lecun"))
  }
}
