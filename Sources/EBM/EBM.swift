/// The `EBM` module namespace.
public enum EBMModule {}
