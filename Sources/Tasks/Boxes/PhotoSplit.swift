/// The three disjoint sets of shipped photographs a box task draws from (``PhotoLibrary``):
/// training data, the validation data on which the refinement step is chosen, and test data.
public enum PhotoSplit: Sendable, CaseIterable {
  /// Photographs of the training scenes and videos.
  case training
  /// Photographs held out of training, on which `detection-photos` and `tracking-photos` choose
  /// their refinement step.
  case validation
  /// Photographs of the test scenes and videos.
  case test
}
