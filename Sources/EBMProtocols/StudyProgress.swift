import Foundation

/// Live progress of a study: on a terminal, one ``ProgressBar`` line per running job and an
/// overall line (runs done, the study's ETA), redrawn in place; otherwise plain lines (a run
/// starts, a quarter of its epochs done, a run finishes with the study's ETA).
///
/// The study's ETA weighs runs by ``StudyRun/relativeCost``: the cost done (finished runs
/// plus the done fraction of running ones) per second so far, applied to the cost left.
final class StudyProgress: @unchecked Sendable {
  private let study: String
  private let runs: [(name: String, cost: Double)]
  private let plain: @Sendable (String) -> Void
  private let terminal: (@Sendable (String) -> Void)?
  private let lock = NSLock()
  private let started = Date()
  private var jobs: [(slot: Int, bar: ProgressBar, started: Date)] = []
  private var finished = 0
  private var finishedCost = 0.0
  private var drawnLines = 0
  private var lastDraw = Date.distantPast

  /// `runs`: the runs this process will execute (name, relative cost), in slot order.
  init(study: String, runs: [(String, Double)], log: @escaping @Sendable (String) -> Void, terminal: (@Sendable (String) -> Void)?) {
    self.study = study
    self.runs = runs.map { (name: $0.0, cost: $0.1) }
    self.plain = log
    self.terminal = terminal
  }

  private var totalCost: Double { runs.reduce(0) { $0 + $1.cost } }

  /// Seconds until every run is done, from the cost-weighted rate so far.
  private func studySecondsLeft(now: Date) -> Double? {
    let running = jobs.reduce(0.0) { $0 + runs[$1.slot].cost * $1.bar.fraction }
    let done = finishedCost + running
    let elapsed = now.timeIntervalSince(started)
    guard done > 0, elapsed > 0 else { return nil }
    return (totalCost - done) * elapsed / done
  }

  private func overallLine(now: Date) -> String {
    let eta = studySecondsLeft(now: now).map { "  ETA " + ProgressBar.duration($0) } ?? ""
    return "\(study): \(finished)/\(runs.count) runs done, \(jobs.count) running, "
      + ProgressBar.duration(now.timeIntervalSince(started)) + " elapsed" + eta
  }

  /// Writes a line: above the live block on a terminal, else as a plain line.
  func log(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    emit(line)
  }

  private func emit(_ line: String) {
    if let terminal {
      terminal(clearBlock() + line + "\n")
      drawnLines = 0
      redraw(force: true)
    } else {
      plain(line)
    }
  }

  func start(_ slot: Int) {
    lock.lock()
    defer { lock.unlock() }
    jobs.append((slot, ProgressBar(name: runs[slot].name), Date()))
    if terminal != nil {
      redraw(force: true)
    } else {
      plain("[\(slot + 1)/\(runs.count)] \(study): \(runs[slot].name)")
    }
  }

  func event(_ slot: Int, _ event: TrainingEvent) {
    lock.lock()
    defer { lock.unlock() }
    guard let j = jobs.firstIndex(where: { $0.slot == slot }) else { return }
    let now = Date()
    let elapsed = now.timeIntervalSince(jobs[j].started)
    switch event {
    case let .step(step, epoch, total, loss):
      jobs[j].bar.step = step + 1
      jobs[j].bar.totalSteps = total
      jobs[j].bar.epoch = epoch + 1
      jobs[j].bar.loss = loss
      if elapsed > 0 { jobs[j].bar.stepsPerSecond = Double(step + 1) / elapsed }
      if terminal != nil { redraw(force: false) }
    case let .epoch(epoch, epochs, meanLoss, _):
      jobs[j].bar.epoch = epoch + 1
      jobs[j].bar.epochs = epochs
      jobs[j].bar.loss = meanLoss
      if terminal != nil {
        redraw(force: false)
      } else if epoch + 1 < epochs, (epoch + 1) % max(1, epochs / 4) == 0 {
        plain("  " + jobs[j].bar.text())
      }
    case let .checkpoint(path, step):
      emit("\(runs[slot].name): checkpoint at step \(step): \(path)")
    }
  }

  func finish(_ slot: Int) { end(slot, failed: false) }
  func fail(_ slot: Int) { end(slot, failed: true) }

  private func end(_ slot: Int, failed: Bool) {
    lock.lock()
    defer { lock.unlock() }
    guard let j = jobs.firstIndex(where: { $0.slot == slot }) else { return }
    let seconds = Date().timeIntervalSince(jobs[j].started)
    jobs.remove(at: j)
    if !failed {
      finished += 1
      finishedCost += runs[slot].cost
    }
    let verdict = failed ? "failed" : "done"
    emit("[\(verdict) \(finished)/\(runs.count)] \(study): \(runs[slot].name) (\(ProgressBar.duration(seconds)))" + (terminal == nil ? "; " + overallLine(now: Date()) : ""))
  }

  /// Removes the live block (before the results are printed).
  func close() {
    lock.lock()
    defer { lock.unlock() }
    if let terminal, drawnLines > 0 {
      terminal(clearBlock())
      drawnLines = 0
    }
  }

  /// Escape codes moving to the first line of the live block and clearing to the end.
  private func clearBlock() -> String {
    drawnLines > 0 ? "\u{1B}[\(drawnLines)F\u{1B}[J" : "\r\u{1B}[J"
  }

  /// Redraws the block (at most 5 times a second unless forced).
  private func redraw(force: Bool) {
    guard let terminal else { return }
    let now = Date()
    guard force || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
    lastDraw = now
    let width = min(28, jobs.map { $0.bar.name.count }.max() ?? 0)
    let lines = jobs.map { $0.bar.text(nameWidth: width) } + [overallLine(now: now)]
    terminal(clearBlock() + lines.map { $0 + "\n" }.joined())
    drawnLines = lines.count
  }
}
