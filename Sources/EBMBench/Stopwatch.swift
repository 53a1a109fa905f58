import Dispatch

/// Wall-clock timing for benchmarks: best of several repetitions after warm-up.
enum Stopwatch {
  /// Seconds elapsed while running `body` once.
  static func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  }

  /// The shortest time of `body` over repetitions, after `warmup` untimed runs. Repeats at
  /// least `minimumRuns` times and until about `budget` seconds have been spent.
  static func best(
    warmup: Int = 2, minimumRuns: Int = 5, budget: Double = 0.4, _ body: () -> Void
  ) -> Double {
    for _ in 0..<warmup { body() }
    var best = Double.infinity
    var spent = 0.0
    var runs = 0
    while runs < minimumRuns || (spent < budget && runs < 10_000) {
      let t = seconds(body)
      best = min(best, t)
      spent += t
      runs += 1
    }
    return best
  }
}
