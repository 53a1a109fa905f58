/// The `Losses` module namespace.
public enum LossesModule {}
