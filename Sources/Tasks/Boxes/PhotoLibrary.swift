import EBMProtocols
import Foundation

/// The photographs shipped with the box tasks (`Resources/photos`, licences in its
/// `LICENSES.md`), split so that training, validation and test data never share a photograph.
///
/// The validation pair was fixed (for `detection-photos`, before any validation figure was seen)
/// by one rule: one photograph that training used only as a background and one it used only as
/// an object, so no other photograph changes role.
public enum PhotoLibrary {
  /// Background photographs of the training data.
  public static let trainingBackgrounds = ["brick", "coffee", "hubble_deep_field", "rocket", "china", "flower"]
  /// Photographs cut into the training data's objects and targets.
  public static let trainingObjects = ["chelsea", "coffee", "rocket", "china", "flower"]
  /// Background photographs of the validation data.
  public static let validationBackgrounds = ["grass"]
  /// Photographs cut into the validation data's objects and targets.
  public static let validationObjects = ["coins"]
  /// Background photographs of the test data.
  public static let testBackgrounds = ["gravel", "camera"]
  /// Photographs cut into the test data's objects and targets.
  public static let testObjects = ["astronaut", "horse"]

  /// The background photographs' names of `split`.
  public static func backgrounds(_ split: PhotoSplit) -> [String] {
    switch split {
    case .training: trainingBackgrounds
    case .validation: validationBackgrounds
    case .test: testBackgrounds
    }
  }

  /// The object photographs' names of `split`.
  public static func objects(_ split: PhotoSplit) -> [String] {
    switch split {
    case .training: trainingObjects
    case .validation: validationObjects
    case .test: testObjects
    }
  }

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

  /// The decoded photographs of `split`: (backgrounds, objects).
  public static func photos(_ split: PhotoSplit) throws -> (backgrounds: [Photo], objects: [Photo]) {
    (try backgrounds(split).map(photo), try objects(split).map(photo))
  }
}
