import Foundation
import Images
import Tensors

/// `ebm image decode FILE --out OUT.safetensors` and `ebm image info FILE`: decode a PNG or JPEG
/// file to a `pixels` tensor [H, W, C] (uint8; uint16 for 16-bit PNGs), or describe it.
struct ImageCommand: Subcommand {
  let name = "image"
  let abstract = "decode a PNG or JPEG file to safetensors, or describe it"
  let synopsis = "decode FILE --out OUT.safetensors | info FILE [--json]"
  let maximumPositionals = 2
  let flags = [
    FlagSpec.value("out", "OUT.safetensors", "where 'decode' writes the tensor 'pixels' [H, W, C]"),
    FlagSpec.toggle("json", "'info' prints one JSON object"),
  ]
  var discussion: String {
    """
    decode: writes one tensor 'pixels' of shape [height, width, channels], uint8 (U8), or
    uint16 (U16) for 16-bit PNGs; C is 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA; palettes expand to
    RGB (RGBA with transparency). JPEGs decode as Pillow (libjpeg) does, within rounding.
    info: format, size, channels and encoding (e.g. 'baseline 4:2:0', 'RGBA 8-bit interlaced').
    """
  }

  func run(_ arguments: ParsedArguments, context: CommandContext) throws {
    guard let action = arguments.positionals.first else {
      throw CommandError.usage("missing action: 'decode' or 'info'")
    }
    guard arguments.positionals.count == 2 else {
      throw CommandError.usage("missing FILE after '\(action)'")
    }
    let file = context.url(arguments.positionals[1])
    switch action {
    case "decode":
      guard let out = arguments.string("out") else {
        throw CommandError.usage("'decode' needs --out OUT.safetensors")
      }
      let image = try CommandError.asInput { try Image(contentsOf: file) }
      let tensor = SafeTensors.RawTensor(
        image.bitDepth == 8 ? .u8 : .u16, shape: [image.height, image.width, image.channels], bytes: image.pixels)
      do {
        try SafeTensors.write(raw: ["pixels": tensor], to: context.url(out))
      } catch {
        throw CommandError.failure(CommandError.oneLine(error))
      }
      context.io.output("\(arguments.positionals[1]): \(image.width)x\(image.height)x\(image.channels) -> \(out)")
    case "info":
      if arguments.string("out") != nil { throw CommandError.usage("--out applies to 'decode' only") }
      let info = try CommandError.asInput { try ImageInfo(contentsOf: file) }
      if arguments.has("json") {
        context.io.output(
          JSONValue.object([
            ("file", .string(arguments.positionals[1])), ("format", .string(info.format.rawValue)),
            ("width", .int(info.width)), ("height", .int(info.height)),
            ("channels", .int(info.channels)), ("bit_depth", .int(info.bitDepth)),
            ("encoding", .string(info.encoding)),
          ]).compact)
      } else {
        context.io.output("\(arguments.positionals[1]): \(info)")
      }
    default:
      throw CommandError.usage("unknown action '\(action)': use 'decode' or 'info'")
    }
  }
}
