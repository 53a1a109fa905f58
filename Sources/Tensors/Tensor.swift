/// A dense, row-major array of `Float` values with a shape, and (when gradients are being
/// recorded) a link into the reverse-mode autodiff graph.
///
/// `Tensor` is a value type: its elements live in a copy-on-write `[Float]`, so it is
/// `Sendable` and cheap to pass around. Operations that take tensors with graph nodes record
/// a node for their result while recording is on (see ``Gradients``), which is what makes
/// ``gradients(of:at:seed:createGraph:)`` and higher-order gradients work.
///
/// ```swift
/// let w = Tensor([[1, 2], [3, 4]]).requiringGradient()
/// let loss = (w * w).sum()
/// let dw = gradients(of: loss, at: [w])[0]   // 2w
/// ```
public struct Tensor: Sendable {
  /// The extent of each axis; `[]` for a scalar.
  public let shape: [Int]
  /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
  public let scalars: [Float]
  /// The autodiff node that produced this value, or `nil` for a constant.
  public let node: GraphNode?

  /// A constant tensor with the given shape and row-major elements.
  ///
  /// - Precondition: `scalars.count` equals the product of `shape`.
  public init(shape: [Int], scalars: [Float]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative extent")
    precondition(
      scalars.count == shape.reduce(1, *),
      "Tensor shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
    self.node = nil
  }

  @usableFromInline init(shape: [Int], scalars: [Float], node: GraphNode?) {
    self.shape = shape
    self.scalars = scalars
    self.node = node
  }

  /// Number of axes.
  @inlinable public var rank: Int { shape.count }
  /// Number of elements.
  @inlinable public var count: Int { scalars.count }
  /// Whether this tensor is part of an autodiff graph (a leaf or a recorded result).
  @inlinable public var isRecorded: Bool { node != nil }

  /// The single element of a one-element tensor.
  public var scalar: Float {
    precondition(scalars.count == 1, "scalar needs a tensor of one element, shape is \(shape)")
    return scalars[0]
  }

  /// The same value without its graph node: gradients do not flow through the result.
  public var detached: Tensor { Tensor(shape: shape, scalars: scalars, node: nil) }

  /// The same value as a new leaf of the autodiff graph, so that gradients can be taken
  /// with respect to it.
  public func requiringGradient() -> Tensor {
    Tensor(shape: shape, scalars: scalars, node: GraphNode(leafShape: shape, value: scalars))
  }
}

extension Tensor {
  /// A scalar (rank-0) tensor.
  public init(_ value: Float) { self.init(shape: [], scalars: [value]) }

  /// A rank-1 tensor.
  public init(_ values: [Float]) { self.init(shape: [values.count], scalars: values) }

  /// A rank-2 tensor from rows of equal length.
  public init(_ rows: [[Float]]) {
    let columns = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == columns }, "Tensor rows must have equal lengths")
    self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
  }

  /// A tensor filled with `value`.
  public init(repeating value: Float, shape: [Int]) {
    self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
  }

  /// Zeros of the given shape.
  public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
  /// Ones of the given shape.
  public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
  /// A tensor filled with `value`.
  public static func full(_ shape: [Int], _ value: Float) -> Tensor {
    Tensor(repeating: value, shape: shape)
  }

  /// `count` evenly spaced values from `start` to `end`, both included.
  public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
    precondition(count >= 1, "linspace needs count >= 1")
    if count == 1 { return Tensor([start]) }
    let step = (Double(end) - Double(start)) / Double(count - 1)
    return Tensor((0..<count).map { Float(Double(start) + Double($0) * step) })
  }

  /// Values `start, start + step, ...` below `end`.
  public static func arange(_ start: Float, _ end: Float, step: Float = 1) -> Tensor {
    precondition(step != 0, "arange needs a non-zero step")
    let n = Swift.max(0, Int((Double(end - start) / Double(step)).rounded(.up)))
    return Tensor((0..<n).map { start + Float($0) * step })
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String {
    let shown = scalars.prefix(16).map { "\($0)" }.joined(separator: ", ")
    return "Tensor(shape: \(shape), [\(shown)\(scalars.count > 16 ? ", ..." : "")])"
  }
}
