/// The data of a task: training, validation and test sets, plus named auxiliary sets
/// (auxiliary outliers for OE-style training, OOD test sets, …).
public struct TaskData: Sendable {
  public var train: Dataset
  public var validation: Dataset?
  public var test: Dataset
  /// Auxiliary outliers used in training (no labels), when the task has them.
  public var outliers: Dataset?
  /// Further named sets (e.g. OOD test sets), in a stable order.
  public var extra: [(name: String, data: Dataset)]

  public init(
    train: Dataset, validation: Dataset? = nil, test: Dataset, outliers: Dataset? = nil,
    extra: [(name: String, data: Dataset)] = []
  ) {
    self.train = train
    self.validation = validation
    self.test = test
    self.outliers = outliers
    self.extra = extra
  }
}
