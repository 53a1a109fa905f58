/// One colour component of a JPEG frame: its sampling factors, tables and decoded coefficients.
struct JPEGComponent {
  var id: Int
  var horizontal: Int
  var vertical: Int
  var quantTable: Int
  /// Samples across and down, ⌈X·h/hmax⌉ × ⌈Y·v/vmax⌉ (libjpeg's `downsampled_width/height`).
  var width = 0
  var height = 0
  /// Blocks across and down in the coefficient buffer (padded to whole MCUs).
  var blocksAcross = 0
  var blocksDown = 0
  /// Where the component's coefficients start in the stream's coefficient buffer (natural
  /// order, 64 per block, row-major by block).
  var coefficientOffset = 0
  /// The dequantisation table (natural order), latched at the component's first scan.
  var quant: [Int32]?

  var blockCount: Int { blocksAcross * blocksDown }
}
