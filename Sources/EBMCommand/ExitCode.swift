/// The exit statuses of `ebm`: 0 success, 1 a run that failed (NaN loss, unreadable data, a
/// failed write), 2 bad usage (unknown command or flag, missing or malformed value, unknown
/// component name, bad option, incompatible pipeline, malformed configuration file).
public enum ExitCode {
  /// The command did what was asked.
  public static let success: Int32 = 0
  /// The command was well-formed but the run failed.
  public static let failure: Int32 = 1
  /// The command line or the configuration it names is wrong; nothing was run.
  public static let usage: Int32 = 2
}
