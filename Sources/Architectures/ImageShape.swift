import EBMProtocols
import Tensors

/// The channels × height × width of the images a conv architecture reads, taken from the task's
/// input shape: `[C, H, W]` as it is, `[H, W]` as one channel, and a flat `[d]` (the OOD digits
/// are 64-vectors) as `channels` square planes, d = channels · side².
public struct ImageShape: Sendable, Equatable, CustomStringConvertible {
  /// Channels C.
  public var channels: Int
  /// Height H.
  public var height: Int
  /// Width W.
  public var width: Int

  public init(channels: Int, height: Int, width: Int) {
    self.channels = channels
    self.height = height
    self.width = width
  }

  /// The image shape of a task input shape; `channels` applies to flat inputs only.
  ///
  /// - Throws: ``EBMError/invalidOption(component:option:reason:)`` naming `channels` when a flat
  ///   input is not `channels` square planes, or ``EBMError/incompatible(_:)`` for other ranks.
  public init(inputShape: [Int], channels: Int, component: String) throws {
    switch inputShape.count {
    case 3:
      self.init(channels: inputShape[0], height: inputShape[1], width: inputShape[2])
    case 2:
      self.init(channels: 1, height: inputShape[0], width: inputShape[1])
    case 1:
      let size = inputShape[0]
      let side = Int(Double(size / Swift.max(channels, 1)).squareRoot().rounded())
      guard channels >= 1, size % channels == 0, side * side * channels == size else {
        throw EBMError.invalidOption(
          component: component, option: "channels",
          reason: "the task's inputs have \(size) values, which are not \(channels) square image plane(s); set channels so that \(size) = channels · side²")
      }
      self.init(channels: channels, height: side, width: side)
    default:
      throw EBMError.incompatible(
        "architecture '\(component)' reads images [C, H, W], [H, W] or flat square images, but the task's inputs are \(inputShape)")
    }
    guard self.channels >= 1, height >= 1, width >= 1 else {
      throw EBMError.incompatible("architecture '\(component)': empty image shape \(inputShape)")
    }
  }

  /// Values per image.
  public var count: Int { channels * height * width }

  /// `[N, ...]` inputs as `[N, C, H, W]`.
  public func images(_ x: Tensor) -> Tensor {
    precondition(x.count == x.shape[0] * count, "\(x.shape) does not hold images of shape \(self)")
    return x.reshaped([x.shape[0], channels, height, width])
  }

  public var description: String { "\(channels)x\(height)x\(width)" }
}
