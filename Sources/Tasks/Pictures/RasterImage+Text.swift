extension RasterImage {
  /// Where a text's reference point sits: its left, centre or right end.
  public enum TextAnchor: Sendable { case start, middle, end }

  /// Draws `text` in the ``BitmapFont`` with the top of the glyphs at `y`; `vertical` turns
  /// it 90° anticlockwise (reading upwards, for a y-axis label) with `x` at the glyphs' left.
  public mutating func drawText(
    _ text: String, x: Int, y: Int, _ color: RGB = .black, scale: Int = 1, anchor: TextAnchor = .start,
    vertical: Bool = false
  ) {
    let length = BitmapFont.width(text, scale: scale)
    let shift: Int
    switch anchor {
    case .start: shift = 0
    case .middle: shift = length / 2
    case .end: shift = length
    }
    for (index, character) in text.enumerated() {
      let rows = BitmapFont.rows(character)
      for (row, bits) in rows.enumerated() {
        for column in 0..<BitmapFont.glyphWidth where bits & (1 << (BitmapFont.glyphWidth - 1 - column)) != 0 {
          let u = index * BitmapFont.advance + column
          for dy in 0..<scale {
            for dx in 0..<scale {
              if vertical {
                // Along the text goes up the image; glyph rows go right.
                set(x: x + row * scale + dy, y: y + shift - u * scale - dx, color)
              } else {
                set(x: x - shift + u * scale + dx, y: y + row * scale + dy, color)
              }
            }
          }
        }
      }
    }
  }
}
