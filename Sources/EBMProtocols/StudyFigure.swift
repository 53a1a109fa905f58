/// A study-level figure drawn from the records of every run (``Study/figures(_:)``): written
/// as `<name>.svg` into the study's folder and shown in `report.html`.
public struct StudyFigure: Sendable, Equatable {
  /// File stem, e.g. `kl-per-method`.
  public var name: String
  /// Caption in the report.
  public var caption: String
  /// A complete SVG document.
  public var svg: String

  public init(name: String, caption: String, svg: String) {
    self.name = name
    self.caption = caption
    self.svg = svg
  }
}
