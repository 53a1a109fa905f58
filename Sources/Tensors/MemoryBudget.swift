/// The most memory one allocation that a user's numbers imply (a sample count, a grid, a
/// buffer) may take, checked before the allocation with arithmetic that cannot overflow, so
/// that a huge number is an error saying how much memory it would need instead of a crash.
///
/// ```swift
/// try MemoryBudget.check([count, 16, dimension], what: "--count 1000000000000 samples")
/// ```
public enum MemoryBudget {
  /// The limit: 16 GiB per allocation.
  public static let limit = 16 << 30

  /// Checks that `product(factors) × bytesPerElement` bytes fit in ``limit``.
  ///
  /// - Parameters:
  ///   - factors: Non-negative element counts whose product is the allocation's size.
  ///   - bytesPerElement: Default 4 (Float32).
  ///   - what: What needs the memory, for the message (`"the replay buffer (buffer-size ×
  ///     dimension)"`).
  /// - Returns: The byte count.
  /// - Throws: ``MemoryBudgetError`` naming `what`, how much memory it would take and the limit.
  @discardableResult
  public static func check(_ factors: [Int], bytesPerElement: Int = 4, what: String) throws(MemoryBudgetError) -> Int {
    var bytes = bytesPerElement
    var overflow = false
    var exact = Double(bytesPerElement)
    for factor in factors {
      precondition(factor >= 0, "MemoryBudget.check needs non-negative factors, got \(factors)")
      exact *= Double(factor)
      if !overflow {
        let (product, didOverflow) = bytes.multipliedReportingOverflow(by: factor)
        overflow = didOverflow
        bytes = product
      }
    }
    if exact == 0 { return 0 }
    guard !overflow, bytes <= limit else {
      throw MemoryBudgetError(what: what, bytes: exact, limit: limit)
    }
    return bytes
  }

  /// `1.5 GiB`, `12 KiB`, `3.6e+03 PiB`: a byte count for messages.
  public static func describe(bytes: Int) -> String { describe(bytes: Double(bytes)) }

  /// A byte count (possibly beyond `Int`) for messages.
  public static func describe(bytes: Double) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var value = bytes
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(Int(value)) bytes" }
    if value >= 1e4 { return "\(String(format: "%.2g", value)) \(units[unit])" }
    return "\(String(format: "%.1f", value)) \(units[unit])"
  }
}
