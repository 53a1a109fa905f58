import Foundation

/// The work list of a study run with several jobs: hands out run indices, the most expensive
/// first (``StudyRun/relativeCost``, ties in the study's order), and keeps each run's outcome
/// in its slot, under a lock.
final class ConcurrentRuns: @unchecked Sendable {
  private let lock = NSLock()
  private let order: [Int]
  private var nextIndex = 0
  private var failed = false
  private(set) var results: [Result<[StudyRecord], any Error>?]

  init(costs: [Double]) {
    order = costs.indices.sorted { costs[$0] > costs[$1] || (costs[$0] == costs[$1] && $0 < $1) }
    results = Array(repeating: nil, count: costs.count)
  }

  /// The next run to start, or nil when every run has started or one has failed.
  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard !failed, nextIndex < order.count else { return nil }
    nextIndex += 1
    return order[nextIndex - 1]
  }

  /// Stores the outcome of run `index`; after a failure no new run starts.
  /// The runs that never started stay nil.
  func finish(_ index: Int, _ result: Result<[StudyRecord], any Error>) {
    lock.lock()
    defer { lock.unlock() }
    results[index] = result
    if case .failure = result { failed = true }
  }
}
