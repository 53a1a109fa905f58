/// A small bitmap font for text in PNG pictures (axis ticks, labels, titles): 5 × 7 pixel
/// glyphs in a 6 × 9 cell, drawn at an integer scale. Covers digits, ASCII letters, the
/// punctuation of numbers and labels (`. , - + ( ) | : / = _ % [ ] '`) and `× − ² σ`;
/// other characters draw as a box.
///
/// Each glyph is seven rows, top first, of five bits (the leftmost pixel the highest bit),
/// written as one base-32 digit per row (`0`–`9`, `a`–`v`).
public enum BitmapFont {
  /// Glyph width and height in pixels, and the advance (cell width) and line height.
  public static let glyphWidth = 5
  public static let glyphHeight = 7
  public static let advance = 6
  public static let lineHeight = 9

  static let codes: [Character: String] = [
    "0": "ehjlphe",
    "1": "4c4444e",
    "2": "eh1248v",
    "3": "u11e11u",
    "4": "26aiv22",
    "5": "vgu11he",
    "6": "68guhhe",
    "7": "v124888",
    "8": "ehhehhe",
    "9": "ehhf12c",
    "A": "ehhvhhh",
    "B": "uhhuhhu",
    "C": "ehggghe",
    "D": "sihhhis",
    "E": "vgguggv",
    "F": "vgguggg",
    "G": "ehgnhhf",
    "H": "hhhvhhh",
    "I": "e44444e",
    "J": "72222ic",
    "K": "hikokih",
    "L": "ggggggv",
    "M": "hrllhhh",
    "N": "hhpljhh",
    "O": "ehhhhhe",
    "P": "uhhuggg",
    "Q": "ehhhlid",
    "R": "uhhukih",
    "S": "fgge11u",
    "T": "v444444",
    "U": "hhhhhhe",
    "V": "hhhhha4",
    "W": "hhhllla",
    "X": "hha4ahh",
    "Y": "hha4444",
    "Z": "v1248gv",
    "a": "00e1fhf",
    "b": "ggmphhu",
    "c": "00egghe",
    "d": "11djhhf",
    "e": "00ehvge",
    "f": "698s888",
    "g": "0fhhf1e",
    "h": "ggmphhh",
    "i": "40c444e",
    "j": "20622ic",
    "k": "ggikoki",
    "l": "c44444e",
    "m": "00qllhh",
    "n": "00mphhh",
    "o": "00ehhhe",
    "p": "00uhugg",
    "q": "00djf11",
    "r": "00mpggg",
    "s": "00ege1u",
    "t": "88s8896",
    "u": "00hhhjd",
    "v": "00hhha4",
    "w": "00hhlla",
    "x": "00ha4ah",
    "y": "00hhf1e",
    "z": "00v248v",
    " ": "0000000",
    ".": "00000cc",
    ",": "0000c48",
    "-": "000v000",
    "+": "044v440",
    "(": "2488842",
    ")": "8422248",
    "|": "4444444",
    ":": "0cc0cc0",
    "/": "01248g0",
    "=": "00v0v00",
    "_": "000000v",
    "%": "op248j3",
    "×": "0ha4ah0",
    "[": "e88888e",
    "]": "e22222e",
    "'": "4480000",
    "−": "000v000",
    "²": "ci48u00",
    "σ": "00fihhe",
  ]

  /// The rows of `character` (five bits each, top first); a box for unknown characters.
  public static func rows(_ character: Character) -> [UInt8] {
    guard let code = codes[character] else { return [31, 17, 17, 17, 17, 17, 31] }
    let digits = Array("0123456789abcdefghijklmnopqrstuv")
    return code.map { c in UInt8(digits.firstIndex(of: c)!) }
  }

  /// Width in pixels of `text` at `scale`.
  public static func width(_ text: String, scale: Int = 1) -> Int {
    max(0, text.count * advance - 1) * scale
  }
}
