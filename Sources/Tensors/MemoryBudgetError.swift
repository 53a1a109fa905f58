/// An allocation that a user's numbers imply and that exceeds ``MemoryBudget/limit``.
public struct MemoryBudgetError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What needs the memory.
  public var what: String
  /// The bytes it would take (a `Double`: it may exceed `Int`).
  public var bytes: Double
  /// The limit, in bytes.
  public var limit: Int

  public var description: String {
    "\(what) would take \(MemoryBudget.describe(bytes: bytes)) of memory, more than the limit of "
      + "\(MemoryBudget.describe(bytes: limit)); help: use a smaller number"
  }
}
