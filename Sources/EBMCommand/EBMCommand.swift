/// The `EBMCommand` module namespace.
public enum EBMCommandModule {}
