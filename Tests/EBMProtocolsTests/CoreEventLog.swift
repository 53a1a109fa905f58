import EBMProtocols
import Foundation

/// Collects training events from the trainer's `@Sendable` callback.
final class EventLog: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [TrainingEvent] = []
  func append(_ event: TrainingEvent) {
    lock.lock()
    stored.append(event)
    lock.unlock()
  }
  var events: [TrainingEvent] {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }
  var stepLosses: [Double] {
    events.compactMap { if case let .step(_, _, _, loss) = $0 { return loss } else { return nil } }
  }
}
