extension ComponentOptions {
  /// Every option's value as text (lists comma-separated), as a user would type it after
  /// `--OPTION`: what a study's `study.json` and records keep, and what `ebm study merge`
  /// resolves again to rebuild the study.
  public var settings: [String: String] { values.mapValues(\.description) }
}
