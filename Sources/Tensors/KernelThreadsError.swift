/// A bad `EBM_NUM_THREADS`.
public enum KernelThreadsError: Error, CustomStringConvertible, Equatable {
  case invalidEnvironment(value: String, maximum: Int)

  public var description: String {
    switch self {
    case let .invalidEnvironment(value, maximum):
      "EBM_NUM_THREADS='\(value)' is not a thread count; help: set it to an integer in 1...\(maximum), or unset it"
    }
  }
}
