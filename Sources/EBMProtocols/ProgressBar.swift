import Foundation

/// The text of one training job's progress: name, a bar, epoch and step, loss, steps per
/// second and ETA, e.g.
/// `nce+ 2 seed 0  [██████░░░░░░░░░░░░░░]  31%  epoch 24/75  loss 0.4312  61.0 steps/s  ETA 1m12s`.
/// Shared by `ebm train` (``ProgressLine``) and studies (``StudyProgress``).
public struct ProgressBar: Sendable, Equatable {
  public var name: String
  /// Steps done and the run's total (global steps).
  public var step: Int
  public var totalSteps: Int
  /// 1-based epoch in progress and the number of epochs (0 when unknown).
  public var epoch: Int
  public var epochs: Int
  public var loss: Double?
  public var stepsPerSecond: Double?

  public init(
    name: String, step: Int = 0, totalSteps: Int = 0, epoch: Int = 0, epochs: Int = 0, loss: Double? = nil,
    stepsPerSecond: Double? = nil
  ) {
    self.name = name
    self.step = step
    self.totalSteps = totalSteps
    self.epoch = epoch
    self.epochs = epochs
    self.loss = loss
    self.stepsPerSecond = stepsPerSecond
  }

  /// Fraction of the steps done, in [0, 1].
  public var fraction: Double { totalSteps > 0 ? min(1, max(0, Double(step) / Double(totalSteps))) : 0 }

  /// Seconds left at the current rate, when known.
  public var secondsLeft: Double? {
    guard let stepsPerSecond, stepsPerSecond > 0, totalSteps > 0 else { return nil }
    return Double(max(0, totalSteps - step)) / stepsPerSecond
  }

  /// The line (no newline). `nameWidth` pads or cuts the name so that bars line up.
  public func text(nameWidth: Int = 0, barWidth: Int = 20) -> String {
    var shown = name
    if nameWidth > 0 {
      shown = shown.count > nameWidth ? String(shown.prefix(nameWidth - 1)) + "…" : shown.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
    }
    var parts = [shown, "[" + Self.bar(fraction, width: barWidth) + "]", String(format: "%3.0f%%", fraction * 100)]
    if epochs > 0 { parts.append("epoch \(epoch)/\(epochs)") }
    if let loss { parts.append("loss " + String(format: "%.4f", loss)) }
    if let stepsPerSecond { parts.append(String(format: "%.1f steps/s", stepsPerSecond)) }
    if let secondsLeft { parts.append("ETA " + Self.duration(secondsLeft)) }
    return parts.joined(separator: "  ")
  }

  /// A bar of `width` cells, filled to `fraction` in eighths of a cell.
  public static func bar(_ fraction: Double, width: Int) -> String {
    let eighths = Int((min(1, max(0, fraction)) * Double(width * 8)).rounded(.down))
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    var text = String(repeating: "█", count: eighths / 8)
    if eighths / 8 < width {
      text += partial[eighths % 8]
      text += String(repeating: "·", count: width - eighths / 8 - (eighths % 8 > 0 ? 1 : 0))
    }
    return text
  }

  /// `42s`, `3m05s`, `2h07m`.
  public static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds.rounded())
    if s < 60 { return "\(s)s" }
    if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
  }
}
