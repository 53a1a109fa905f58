#if canImport(Glibc)
  import Glibc
#endif

/// Process-wide tuning of the C allocator for tensor workloads.
///
/// Every tensor operation allocates a fresh `[Float]`. With glibc's defaults, blocks above
/// the (dynamic) mmap threshold are mapped and unmapped on every allocation, and freed heap
/// tops are trimmed back to the kernel, so a training step with megabyte-sized activations
/// spends a large share of its time in page faults zero-filling fresh pages (measured here:
/// about half of an NCE+ step of the 1-D regression ToyNet). ``keepLargeBlocksInHeap()``
/// raises the mmap and trim thresholds so freed blocks are reused.
///
/// It changes the allocator for the whole process, so it is left to executables (the CLI,
/// benchmarks) to call once at start-up; a library never calls it behind a user's back.
/// Equivalent environment variables: `MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_`,
/// `MALLOC_TOP_PAD_`.
public enum AllocatorTuning {
  /// Keeps blocks up to 128 MiB in the heap and retains up to 512 MiB of freed memory
  /// (glibc only; does nothing elsewhere). Returns whether the settings were applied.
  @discardableResult
  public static func keepLargeBlocksInHeap() -> Bool {
    #if canImport(Glibc)
      // `mallopt` is declared in <malloc.h>, which the Glibc module does not export; look it
      // up at run time. Parameter numbers are glibc's: M_TRIM_THRESHOLD −1, M_TOP_PAD −2,
      // M_MMAP_THRESHOLD −3.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
      let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
      let a = mallopt(-3, 128 << 20)
      let b = mallopt(-1, 512 << 20)
      let c = mallopt(-2, 64 << 20)
      return a == 1 && b == 1 && c == 1
    #else
      return false
    #endif
  }
}
