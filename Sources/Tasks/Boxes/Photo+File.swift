import EBMProtocols
import Foundation
import Images

extension Photo {
  /// Decodes an 8-bit PNG or JPEG file (gray, gray + alpha, RGB or RGBA).
  ///
  /// - Throws: `EBMError.invalidFile` naming the file when it does not decode or has samples of
  ///   another depth.
  public init(contentsOf url: URL) throws {
    let image: Image
    do {
      image = try Image(contentsOf: url)
    } catch {
      throw EBMError.invalidFile(path: url.path, reason: "does not decode as PNG or JPEG (\(error))")
    }
    guard image.bitDepth == 8 else {
      throw EBMError.invalidFile(
        path: url.path, reason: "has \(image.bitDepth)-bit samples; help: the box tasks read 8-bit PNG and JPEG files")
    }
    self.init(width: image.width, height: image.height, channels: image.channels, samples: image.pixels)
  }
}
