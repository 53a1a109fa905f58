import Testing

@testable import EBMProtocols

/// The work list of concurrent study runs: most expensive first, ties in study order, and no
/// new run after a failure.
@Suite struct ConcurrentRunsTests {
  struct Failure: Error {}

  @Test func handsOutTheMostExpensiveRunsFirst() {
    let runs = ConcurrentRuns(costs: [1, 14, 3.5, 1, 0.1, 14])
    var order: [Int] = []
    while let index = runs.next() { order.append(index) }
    #expect(order == [1, 5, 2, 0, 3, 4])
  }

  @Test func stopsHandingOutRunsAfterAFailure() {
    let runs = ConcurrentRuns(costs: [1, 1, 1])
    let first = runs.next()!
    runs.finish(first, .failure(Failure()))
    #expect(runs.next() == nil)
    #expect(runs.results[1] == nil && runs.results[2] == nil)
  }
}
