import EBMProtocols
import Foundation

/// The photographs shipped with the box tasks (`Resources/photos`, licences in its
/// `LICENSES.md`), split so that training and test scenes never share a photograph.
public enum PhotoLibrary {
  /// Photographs for training backgrounds.
  public static let trainBackgrounds = ["brick", "grass", "coffee", "hubble_deep_field", "rocket", "china", "flower"]
  /// Photographs cut into training objects.
  public static let trainObjects = ["chelsea", "coins", "coffee", "rocket", "china", "flower"]
  /// Photographs for test backgrounds.
  public static let testBackgrounds = ["gravel", "camera"]
  /// Photographs cut into test objects.
  public static let testObjects = ["astronaut", "horse"]

  /// Decodes the shipped photograph `name` (PNG or JPEG).
  ///
  /// - Throws: `EBMError.invalidFile` when the resource is missing or does not decode.
  public static func photo(_ name: String) throws -> Photo {
    let candidates = ["png", "jpg"].flatMap { ext in
      ["Resources/photos", "photos"].map { Bundle.module.url(forResource: name, withExtension: ext, subdirectory: $0) }
    }
    guard let url = candidates.compactMap({ $0 }).first else {
      throw EBMError.invalidFile(path: "Resources/photos/\(name).png", reason: "is missing from the package")
    }
    return try Photo(contentsOf: url)
  }

  /// The photographs of a split: (backgrounds, objects).
  public static func split(train: Bool) throws -> (backgrounds: [Photo], objects: [Photo]) {
    (
      try (train ? trainBackgrounds : testBackgrounds).map(photo),
      try (train ? trainObjects : testObjects).map(photo)
    )
  }
}
