import EBM
import EBMProtocols

/// The `ebm` command-line tool as a library entry point: a user's own executable runs `ebm`'s
/// commands with their components added to the registry.
public enum EBMCommand {
  /// Runs `arguments` (without the program name) and returns the exit status.
  public static func run(arguments: [String], registry: Registry = EBM.standardRegistry()) -> Int32 {
    0
  }
}
