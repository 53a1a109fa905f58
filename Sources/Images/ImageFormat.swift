/// The container formats ``Image`` reads.
public enum ImageFormat: String, Sendable, CaseIterable {
  case png
  case jpeg

  /// The display name, `PNG` or `JPEG`.
  public var name: String { rawValue.uppercased() }

  /// The format whose signature starts `bytes`, if any.
  public static func detect(_ bytes: some Collection<UInt8>) -> ImageFormat? {
    let head = Array(bytes.prefix(8))
    if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
    if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
    return nil
  }
}
