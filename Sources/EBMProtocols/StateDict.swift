import Foundation
import Tensors

/// Weights as PyTorch's `state_dict`: parameter name → tensor, in a safetensors file.
///
/// Every architecture names its parameters like its PyTorch counterpart and stores them in the
/// same layout (`nn.Linear`'s weight is `[out, in]`; each architecture documents its module), so
///
/// ```python
/// from safetensors.torch import save_file, load_file
/// save_file(model.state_dict(), "weights.safetensors")            # PyTorch → swift-ebm
/// model.load_state_dict(load_file("run/weights.safetensors"))     # swift-ebm → PyTorch
/// ```
///
/// and `ebm train --init-weights weights.safetensors` starts from PyTorch's weights. Loading is
/// strict, like `load_state_dict(strict=True)`: every parameter the architecture needs must be
/// present with its shape, and no other tensor may be.
public enum StateDict {
  /// The file name `ebm train` writes beside its checkpoint.
  public static let fileName = "weights.safetensors"

  /// Writes `parameters` under their own names (no prefixes), readable by
  /// `safetensors.torch.load_file`.
  public static func write(_ parameters: ParameterSet, to url: URL) throws {
    try SafeTensors.write(parameters, to: url, metadata: ["format": "pt"])
  }

  /// Reads the weights in `url` for `energy`, checked against the parameters it needs.
  ///
  /// Accepts a plain `state_dict` file (e.g. from `safetensors.torch.save_file`) or an
  /// `ebm train` checkpoint (`model.safetensors`, whose parameters sit under `param/`).
  ///
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` naming the missing, unexpected or
  ///   mis-shaped tensor, or the safetensors error of a malformed file.
  public static func read(from url: URL, for energy: any EnergyFunction) throws -> ParameterSet {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw EBMError.invalidFile(path: url.path, reason: "no such weights file; help: pass a safetensors state_dict")
    }
    let tensors = try SafeTensors.read(from: url).tensors
    let isCheckpoint = tensors.keys.contains { $0.hasPrefix("param/") }
    var loaded: ParameterSet = [:]
    for (name, tensor) in tensors {
      if isCheckpoint {
        if name.hasPrefix("param/") { loaded[String(name.dropFirst("param/".count))] = tensor }
      } else {
        loaded[name] = tensor
      }
    }
    return try matched(loaded, to: energy, source: url.path)
  }

  /// `loaded` checked against the parameters `energy` needs (names and shapes).
  ///
  /// - Throws: ``EBMError/invalidFile(path:reason:)`` with `source` as the path.
  public static func matched(_ loaded: ParameterSet, to energy: any EnergyFunction, source: String) throws -> ParameterSet {
    var rng = RandomGenerator(seed: 0)
    let expected = energy.initialParameters(using: &rng)
    for name in expected.keys.sorted() {
      guard let tensor = loaded[name] else {
        let available = loaded.keys.sorted().prefix(8).joined(separator: ", ")
        throw EBMError.invalidFile(
          path: source,
          reason: "has no tensor '\(name)', which the architecture needs (it has: \(available)); help: name parameters like the architecture's PyTorch counterpart ('ebm describe ARCHITECTURE')")
      }
      guard tensor.shape == expected[name]!.shape else {
        throw EBMError.invalidFile(
          path: source,
          reason: "tensor '\(name)' has shape \(tensor.shape), the architecture needs \(expected[name]!.shape); help: PyTorch's nn.Linear weight is [out, in], as here")
      }
    }
    if let unexpected = loaded.keys.sorted().first(where: { expected[$0] == nil }) {
      throw EBMError.invalidFile(
        path: source,
        reason: "has tensor '\(unexpected)', which the architecture does not have; help: save only the model's state_dict")
    }
    return loaded
  }
}
