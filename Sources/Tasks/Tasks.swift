/// The `Tasks` module namespace.
public enum TasksModule {}
