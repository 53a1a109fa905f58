/// A study whose runs are pipelines, and which says which: every pipeline a run trains or
/// evaluates, as specifications. Composing them checks every method a study names against the
/// registry before anything runs (the registry contract test does so for every study).
public protocol PipelineStudy: Study {
  /// The pipelines `run` composes, in the order it runs them.
  func pipelineSpecs(for run: StudyRun) -> [PipelineSpec]
}
