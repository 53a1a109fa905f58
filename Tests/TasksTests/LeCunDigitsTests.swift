import EBMProtocols
import Foundation
import Tasks
import Tensors
import Testing

/// The digits data and the energy statistics of the LeCun study.
@Suite struct LeCunDigitsTests {
  @Test func digitsLoadAndSplitBySeed() throws {
    let digits = try HandwrittenDigits.load()
    #expect(digits.count == 1797 && digits.pixels.count == 1797 * 64)
    #expect(Set(digits.labels) == Set(0..<10))
    #expect(digits.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    let task = DigitsClassificationTask()
    var a = RandomGenerator(seed: 4)
    var b = RandomGenerator(seed: 4)
    let first = try task.makeData(using: &a)
    let second = try task.makeData(using: &b)
    #expect(first.train.count == 1797 - 359 && first.test.count == 359)
    #expect(first.test.labels == second.test.labels)
  }

  @Test func malformedLinesAreNamed() {
    #expect(throws: EBMError.invalidFile(path: "d.csv", reason: "line 2 has 2 fields, expected 65 (p0…p63, label)")) {
      _ = try HandwrittenDigits.parse("header\n1,2\n", path: "d.csv")
    }
  }

  /// Hand-computed statistics on two examples with three labels.
  @Test func energyStatisticsByHand() {
    // Row 0: E = [0, 2, 1], label 0: correct, offending 2 (E 1): gap 1, spread 2.
    // Row 1: E = [3, 1, 1], label 2: argmin is 1 (tie, lowest index) → wrong; offending 1: gap 0, spread 2.
    let s = LabelEnergyStatistics(energies: [0, 2, 1, 3, 1, 1], labels: [0, 2], labelCount: 3)
    #expect(s.accuracy == 0.5)
    #expect(abs(s.energyGap - 0.5) < 1e-12)
    #expect(abs(s.energySpread - 2) < 1e-12)
    #expect(abs(s.energyScale - 8.0 / 6) < 1e-12)
    #expect(!s.collapsed)
    // Equal energies (whatever their value) are collapsed; so are tiny differences.
    #expect(LabelEnergyStatistics(energies: [5, 5, 5, 7, 7, 7], labels: [0, 1], labelCount: 3).collapsed)
    #expect(LabelEnergyStatistics(energies: [0, 0.001, 0.002, 0, 0, 0.003], labels: [0, 1], labelCount: 3).collapsed)
    #expect(LabelEnergyStatistics(energies: [100, 100.5, 100, 100, 100, 100], labels: [0, 1], labelCount: 3).collapsed)
    #expect(!LabelEnergyStatistics(energies: [100, 103, 100, 100, 100, 100], labels: [0, 1], labelCount: 3).collapsed)
  }
}
