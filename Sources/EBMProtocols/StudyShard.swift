/// One of N fixed parts of a study's grid (`--shard I/N`, I from 1), for running a study as a
/// job array: every part is chosen from the grid alone, so N processes on N machines agree
/// on who runs what without talking to each other.
///
/// Parts are balanced by ``StudyRun/relativeCost`` with the longest-processing-time-first
/// rule (Graham 1969): runs sorted by cost, most expensive first (ties in the study's order),
/// each given to the part with the least cost so far (ties to the lowest part). The slow
/// runs (ML-MCMC) therefore land on different parts, and the largest part costs at most
/// 4/3 of the best possible balance.
public struct StudyShard: Sendable, Equatable, CustomStringConvertible {
  /// 1-based part number.
  public let index: Int
  /// Number of parts.
  public let count: Int

  public init(index: Int, count: Int) throws {
    guard count >= 1 else { throw EBMError.invalid("--shard I/N needs N ≥ 1, got N = \(count)") }
    guard (1...count).contains(index) else {
      throw EBMError.invalid("--shard I/N needs 1 ≤ I ≤ N, got \(index)/\(count) (Slurm: --shard $((SLURM_ARRAY_TASK_ID+1))/N)")
    }
    self.index = index
    self.count = count
  }

  /// Parses `I/N`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
      throw EBMError.invalid("--shard expects I/N (e.g. 2/8: the second of eight parts), got '\(text)'")
    }
    try self.init(index: i, count: n)
  }

  public var description: String { "\(index)/\(count)" }

  /// The part (0-based) of each run, by longest-processing-time-first over `costs`.
  public static func assignment(costs: [Double], parts: Int) -> [Int] {
    precondition(parts >= 1, "StudyShard.assignment needs at least one part")
    let order = costs.indices.sorted { costs[$0] > costs[$1] || (costs[$0] == costs[$1] && $0 < $1) }
    var load = [Double](repeating: 0, count: parts)
    var part = [Int](repeating: 0, count: costs.count)
    for run in order {
      var lightest = 0
      for p in 1..<parts where load[p] < load[lightest] { lightest = p }
      part[run] = lightest
      load[lightest] += costs[run]
    }
    return part
  }

  /// Indices (in the study's order) of the runs of this part.
  public func runIndices(costs: [Double]) -> [Int] {
    let parts = Self.assignment(costs: costs, parts: count)
    return costs.indices.filter { parts[$0] == index - 1 }
  }
}
