import CTensorKernels
import Dispatch

/// Vectorised elementwise transcendental functions on `Float` buffers, backed by the AVX2+FMA
/// polynomial kernels of `CTensorKernels` (libm on CPUs without AVX2+FMA).
///
/// Accuracy (AVX2 path, measured against `Double` over a dense sweep of all finite inputs): at
/// most about 2.5 ulps for every function, including denormal results. Special values follow
/// IEEE/libm conventions: `exp` overflows to `+inf` and underflows to `0`, `log(0) = -inf`,
/// `log` of a negative number is NaN, `tanh` saturates to `±1`, `sigmoid(±large)` is `1`/`0`,
/// `softplus(x) = x` for large `x`, and NaN inputs give NaN.
///
/// Arrays of at least ``parallelThreshold`` elements are split across up to `threads` threads;
/// each element's result depends on that element alone, so the output is the same whatever the
/// thread count. `x` and `y` may be the same buffer.
public enum VectorMath {
  /// Below this many elements a call runs on the calling thread only.
  public static let parallelThreshold = 1 << 16

  /// `y[i] = eˣ⁽ⁱ⁾` for `i < count`.
  public static func exp(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
    threads: Int = Gemm.defaultThreads
  ) {
    apply(ebm_vexp, x, y, count, threads)
  }

  /// `y[i] = log x[i]` (natural logarithm) for `i < count`.
  public static func log(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
    threads: Int = Gemm.defaultThreads
  ) {
    apply(ebm_vlog, x, y, count, threads)
  }

  /// `y[i] = log(1 + x[i])`, accurate for tiny `x[i]`, for `i < count`.
  public static func log1p(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
    threads: Int = Gemm.defaultThreads
  ) {
    apply(ebm_vlog1p, x, y, count, threads)
  }

  /// `y[i] = tanh x[i]` for `i < count`.
  public static func tanh(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
    threads: Int = Gemm.defaultThreads
  ) {
    apply(ebm_vtanh, x, y, count, threads)
  }

  /// `y[i] = 1 / (1 + e⁻ˣ⁽ⁱ⁾)` for `i < count`, without overflow for large `|x|`.
  public static func sigmoid(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
    threads: Int = Gemm.defaultThreads
  ) {
    apply(ebm_vsigmoid, x, y, count, threads)
  }

  /// `y[i] = log(1 + eˣ⁽ⁱ⁾)`, computed as `max(x, 0) + log1p(e^-|x|)`, for `i < count`.
  public static func softplus(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
    threads: Int = Gemm.defaultThreads
  ) {
    apply(ebm_vsoftplus, x, y, count, threads)
  }

  /// SiLU and its derivative in one pass, one thread (inside a caller's parallel block):
  ///
  /// ```
  /// s = sigmoid z,   value = z s,   derivative = s (1 + z (1 − s))
  /// ```
  ///
  /// `z`, `value` and `derivative` must be distinct buffers of `count` floats.
  public static func siluWithDerivative(
    _ z: UnsafePointer<Float>, value: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    ebm_vsilu_with_derivative(z, value, derivative, count)
  }

  /// `y[i] = a[i] · b[i]` for `i < count`, one thread; `y` may be `a` or `b`.
  public static func multiply(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
  ) {
    ebm_vmul(a, b, y, count)
  }

  /// `eˣ` of every element.
  public static func exp(_ x: [Float]) -> [Float] { map(x, exp) }

  /// Natural logarithm of every element.
  public static func log(_ x: [Float]) -> [Float] { map(x, log) }

  /// `log(1 + x)` of every element.
  public static func log1p(_ x: [Float]) -> [Float] { map(x, log1p) }

  /// `tanh x` of every element.
  public static func tanh(_ x: [Float]) -> [Float] { map(x, tanh) }

  /// The logistic sigmoid `1 / (1 + e⁻ˣ)` of every element.
  public static func sigmoid(_ x: [Float]) -> [Float] { map(x, sigmoid) }

  /// `log(1 + eˣ)` of every element.
  public static func softplus(_ x: [Float]) -> [Float] { map(x, softplus) }

  private typealias Kernel = @convention(c) (
    UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int
  ) -> Void

  private static func apply(
    _ kernel: Kernel, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
    _ count: Int, _ threads: Int
  ) {
    precondition(count >= 0, "VectorMath: negative count \(count)")
    let parts = count >= parallelThreshold ? max(1, min(threads, count / (parallelThreshold / 2))) : 1
    if parts <= 1 {
      kernel(x, y, count)
      return
    }
    // Chunks are whole multiples of 8 elements (one AVX2 vector) except the last.
    let vectors = (count + 7) / 8
    // Each iteration touches a disjoint range of the caller's buffers, which outlive the call.
    nonisolated(unsafe) let x = x
    nonisolated(unsafe) let y = y
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      let first = min(count, vectors * part / parts * 8)
      let last = min(count, vectors * (part + 1) / parts * 8)
      if first < last { kernel(x + first, y + first, last - first) }
    }
  }

  private static func map(
    _ x: [Float],
    _ f: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void
  ) -> [Float] {
    [Float](unsafeUninitializedCapacity: x.count) { buffer, initialized in
      x.withUnsafeBufferPointer { source in
        if let input = source.baseAddress, let output = buffer.baseAddress {
          f(input, output, x.count, Gemm.defaultThreads)
        }
      }
      initialized = x.count
    }
  }
}
