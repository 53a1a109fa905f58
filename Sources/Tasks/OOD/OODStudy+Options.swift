import EBMProtocols

extension OODStudy {
  /// The classifiers the study can fine-tune.
  public enum Classifier: String, Sendable, CaseIterable {
    case mlp = "mlp-classifier"
    case conv = "conv-classifier"
  }

  /// The options of `ebm study ood` (Choi et al. 2023's schedule scaled to the digits: 100
  /// pretraining and 50 fine-tuning epochs).
  public struct Options: TypedOptions, Equatable {
    /// Methods to run.
    public var methods = OODStudy.allMethods
    /// Pretraining epochs.
    public var pretrainEpochs = 100
    /// Fine-tuning epochs.
    public var finetuneEpochs = 50
    /// The classifier.
    public var architecture = Classifier.mlp
    /// Classifier width (mlp: hidden units, conv: first block's channels); 0: the architecture's default.
    public var width = 0
    /// Classifier hidden layers (mlp) or conv blocks (conv).
    public var depth = 2
    public init() {}
    public static let fields: [OptionField<Options>] = [
      .strings("methods", \.methods, "methods to run", allowed: OODStudy.allMethods),
      .int("pretrain-epochs", \.pretrainEpochs, "pretraining epochs", range: 0...100_000),
      .int("finetune-epochs", \.finetuneEpochs, "fine-tuning epochs", range: 0...100_000),
      .choice("architecture", \.architecture, "the classifier"),
      .int(
        "width", \.width, "classifier width (mlp: hidden units, conv: first block's channels); 0: the architecture's default (128, 32)",
        range: 0...65536),
      .int("depth", \.depth, "classifier hidden layers (mlp) or conv blocks (conv)", range: 0...64),
    ]
  }

  /// The study with `options`.
  public init(_ options: Options) {
    var architectureOptions: [String: OptionValue] = ["depth": .int(options.depth)]
    if options.width > 0 { architectureOptions["width"] = .int(options.width) }
    self.init(
      methods: options.methods, pretrainEpochs: options.pretrainEpochs, finetuneEpochs: options.finetuneEpochs,
      architecture: ComponentReference(options.architecture.rawValue, options: architectureOptions))
  }
}
