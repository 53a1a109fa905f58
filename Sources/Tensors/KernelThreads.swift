import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The number of threads the kernels (GEMM, vector math, fused dense chains) use when a caller
/// does not pass one: process-wide, set by API or by the `EBM_NUM_THREADS` environment variable.
///
/// Results do not depend on it: every kernel splits its work by the shape alone and sums
/// partial results in a fixed order, so any thread count gives the same bits.
///
/// ```swift
/// KernelThreads.count = 1  // e.g. one process per core
/// ```
///
/// Default: `EBM_NUM_THREADS` when it holds a positive integer, otherwise the processors this
/// process may run on (its CPU affinity on Linux, so `taskset` counts), capped at 8.
public enum KernelThreads {
  /// The environment variable that sets the default.
  public static let environmentVariable = "EBM_NUM_THREADS"
  /// The largest count accepted (more threads than this only adds overhead here).
  public static let maximum = 256

  private static let storage = LockedCount(initial: defaultCount())

  /// The thread count kernels use by default (≥ 1). Setting it takes effect for the next kernel call.
  public static var count: Int {
    get { storage.value }
    set {
      precondition(
        (1...maximum).contains(newValue), "KernelThreads.count must be in 1...\(maximum), got \(newValue)")
      storage.value = newValue
    }
  }

  /// The count `EBM_NUM_THREADS` asks for: `nil` when unset or empty.
  ///
  /// - Throws: ``KernelThreadsError`` when it is set to anything but an integer in 1…``maximum``.
  public static func environmentCount(
    _ environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> Int? {
    guard let raw = environment[environmentVariable]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
      return nil
    }
    guard let value = Int(raw), (1...maximum).contains(value) else {
      throw KernelThreadsError.invalidEnvironment(value: raw, maximum: maximum)
    }
    return value
  }

  /// The processors this process may run on: the CPU affinity mask on Linux (so `taskset`
  /// and container CPU sets count), the active processor count elsewhere.
  public static var availableProcessors: Int {
    #if canImport(Glibc)
      // `sched_getaffinity` needs _GNU_SOURCE, which the Glibc module does not define; look it
      // up at run time. The mask is a bit set of 1024 CPUs (glibc's cpu_set_t).
      typealias GetAffinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer) -> Int32
      if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity") {
        let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
        var mask = [UInt64](repeating: 0, count: 16)
        let status = mask.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress!) }
        let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        if status == 0 && count > 0 { return count }
      }
    #endif
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  static func defaultCount() -> Int {
    if let requested = try? environmentCount() { return requested }
    return max(1, min(8, availableProcessors))
  }
}

/// An integer behind a lock (the process-wide thread count).
private final class LockedCount: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Int

  init(initial: Int) { stored = initial }

  var value: Int {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
