/// The `Architectures` module namespace.
public enum ArchitecturesModule {}
