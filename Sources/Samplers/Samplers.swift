/// The `Samplers` module namespace.
public enum SamplersModule {}
