import Foundation
import Testing

@testable import Tensors

@Suite struct SafeTensorsTests {
  // MARK: Helpers

  /// A safetensors buffer from a raw JSON header (unpadded) and raw data bytes.
  private func buffer(header: String, data: [UInt8] = []) -> Data {
    let json = Array(header.utf8)
    var bytes = withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) }
    bytes += json
    bytes += data
    return Data(bytes)
  }

  /// Little-endian bytes of `Float` values.
  private func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
  }

  /// Checks that decoding `data` throws a ``SafeTensorsError`` accepted by `matches`.
  private func expectRejection(
    _ data: Data, sourceLocation: SourceLocation = #_sourceLocation,
    _ matches: (SafeTensorsError) -> Bool
  ) {
    do {
      let decoded = try SafeTensors.decode(data)
      Issue.record("expected a rejection, decoded \(decoded)", sourceLocation: sourceLocation)
    } catch let error as SafeTensorsError {
      #expect(matches(error), "unexpected error: \(error)", sourceLocation: sourceLocation)
    } catch {
      Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
    }
  }

  private func isInvalidEntry(_ error: SafeTensorsError) -> Bool {
    if case .invalidEntry = error { true } else { false }
  }

  private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "SafeTensorsTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  private let sample: [String: Tensor] = [
    "scalar": Tensor(3.5),
    "empty": Tensor(shape: [0, 3], scalars: []),
    "matrix": Tensor([[1, 2, 3], [4, 5, 6]]),
    "layer.0/weight": Tensor(shape: [1, 2, 2], scalars: [-0.0, .infinity, -.infinity, .nan]),
    "vector": Tensor([0.1, -7, 1e-30, 3e38, 1]),
  ]

  // MARK: Round trips and layout

  @Test func roundTripWithMetadata() throws {
    let metadata = ["format": "pt", "step": "12", "note": "a/b \"quoted\" ü"]
    let data = try SafeTensors.encode(sample, metadata: metadata)
    let (tensors, decodedMetadata) = try SafeTensors.decode(data)
    #expect(decodedMetadata == metadata)
    #expect(Set(tensors.keys) == Set(sample.keys))
    for (name, tensor) in sample {
      #expect(tensors[name]?.shape == tensor.shape)
      #expect(tensors[name]?.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
    }
  }

  @Test func encodedLayoutFollowsTheSpec() throws {
    let data = try SafeTensors.encode(["b": Tensor([1, 2]), "a": Tensor([3])])
    let bytes = [UInt8](data)
    let headerLength = bytes[0..<8].enumerated().reduce(0) {
      $0 | Int($1.element) << (8 * $1.offset)
    }
    #expect(headerLength % 8 == 0)
    #expect(bytes.count == 8 + headerLength + 12)
    let header = try #require(
      try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)]))
        as? [String: Any])
    #expect(header["__metadata__"] == nil)
    let a = try #require(header["a"] as? [String: Any])
    let b = try #require(header["b"] as? [String: Any])
    #expect(a["dtype"] as? String == "F32")
    #expect(a["data_offsets"] as? [Int] == [0, 4])  // sorted by name: "a" first
    #expect(b["data_offsets"] as? [Int] == [4, 12])
    #expect(b["shape"] as? [Int] == [2])
    #expect(Array(bytes[(8 + headerLength)...]) == floatBytes([3, 1, 2]))
    // Deterministic output.
    #expect(try SafeTensors.encode(["a": Tensor([3]), "b": Tensor([1, 2])]) == data)
  }

  @Test func emptyFileRoundTrips() throws {
    let (tensors, metadata) = try SafeTensors.decode(try SafeTensors.encode([:]))
    #expect(tensors.isEmpty)
    #expect(metadata.isEmpty)
  }

  @Test func decodesAHandBuiltBuffer() throws {
    let data = buffer(
      header: #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"k":"v"}}"#,
      data: floatBytes([1.5, -2]))
    let (tensors, metadata) = try SafeTensors.decode(data)
    #expect(tensors["x"]?.shape == [2])
    #expect(tensors["x"]?.scalars == [1.5, -2])
    #expect(metadata == ["k": "v"])
  }

  @Test func decodesOtherDTypes() throws {
    var data: [UInt8] = []
    func append<T: FixedWidthInteger>(_ values: [T]) {
      for value in values { withUnsafeBytes(of: value.littleEndian) { data += $0 } }
    }
    append([UInt16(0x3C00), 0xC000, 0x0001, 0x7C00])  // F16: 1, −2, 2⁻²⁴, +∞   [0, 8)
    append([UInt16(0x3F80), 0xC040])  // BF16: 1, −3                        [8, 12)
    append([Int64(-5), 7])  // I64                                           [12, 28)
    append([(0.25 as Double).bitPattern])  // F64                            [28, 36)
    append([Int32(-1)])  // I32                                              [36, 40)
    append([UInt8(255), 0, 1])  // U8 [40, 43), then BOOL [43, 45), I8 [45, 46)
    data += [0, 2, 0x80]
    let header = """
      {"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},
       "bf":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]},
       "l":{"dtype":"I64","shape":[2,1],"data_offsets":[12,28]},
       "d":{"dtype":"F64","shape":[],"data_offsets":[28,36]},
       "i":{"dtype":"I32","shape":[1],"data_offsets":[36,40]},
       "u":{"dtype":"U8","shape":[3],"data_offsets":[40,43]},
       "flag":{"dtype":"BOOL","shape":[2],"data_offsets":[43,45]},
       "s":{"dtype":"I8","shape":[1],"data_offsets":[45,46]}}
      """
    let (tensors, _) = try SafeTensors.decode(buffer(header: header, data: data))
    #expect(tensors["h"]?.scalars == [1, -2, 0x1p-24, .infinity])
    #expect(tensors["bf"]?.scalars == [1, -3])
    #expect(tensors["l"]?.scalars == [-5, 7])
    #expect(tensors["l"]?.shape == [2, 1])
    #expect(tensors["d"]?.scalars == [0.25])
    #expect(tensors["d"]?.shape == [])
    #expect(tensors["i"]?.scalars == [-1])
    #expect(tensors["u"]?.scalars == [255, 0, 1])
    #expect(tensors["flag"]?.scalars == [0, 1])
    #expect(tensors["s"]?.scalars == [-128])
  }

  @Test func halfPrecisionConversionIsExact() {
    #expect(SafeTensors.DType.halfToFloat(0x0000) == 0)
    #expect(SafeTensors.DType.halfToFloat(0x8000).sign == .minus)
    #expect(SafeTensors.DType.halfToFloat(0x3555) == 0x1.554p-2)
    #expect(SafeTensors.DType.halfToFloat(0x7BFF) == 65504)
    #expect(SafeTensors.DType.halfToFloat(0x03FF) == Float(0x3FF) * 0x1p-24)
    #expect(SafeTensors.DType.halfToFloat(0xFC00) == -.infinity)
    #expect(SafeTensors.DType.halfToFloat(0x7E00).isNaN)
  }

  // MARK: Rejections

  @Test func rejectsTruncatedHeaderLength() {
    expectRejection(Data()) { $0 == .truncatedHeaderLength(byteCount: 0) }
    expectRejection(Data([1, 2, 3])) { $0 == .truncatedHeaderLength(byteCount: 3) }
  }

  @Test func rejectsHeaderLengthBeyondFileOrAbsurd() {
    var bytes = withUnsafeBytes(of: UInt64(100).littleEndian) { Array($0) }
    bytes += Array("{}".utf8)
    expectRejection(Data(bytes)) { $0 == .headerBeyondFile(length: 100, available: 2) }
    let huge = withUnsafeBytes(of: (UInt64(1) << 40).littleEndian) { Array($0) } + [0x7B, 0x7D]
    expectRejection(Data(huge)) {
      $0 == .headerTooLarge(length: 1 << 40, limit: SafeTensors.maximumHeaderLength)
    }
    let maximal = withUnsafeBytes(of: UInt64.max.littleEndian) { Array($0) }
    expectRejection(Data(maximal)) { if case .headerTooLarge = $0 { true } else { false } }
  }

  @Test func rejectsTruncatedHeaderAndData() throws {
    let data = try SafeTensors.encode(["w": Tensor([1, 2, 3, 4])])
    // Cut inside the header: its length now exceeds the bytes left.
    expectRejection(data.prefix(12)) { if case .headerBeyondFile = $0 { true } else { false } }
    // Cut inside the data.
    expectRejection(data.dropLast(4)) {
      $0 == .offsetsOutOfRange(tensor: "w", begin: 0, end: 16, dataLength: 12)
    }
  }

  @Test func rejectsBadJSON() {
    let cases = [
      #"{"x": "#, #"{"x":{"dtype":"F32",}}"#, "[1, 2]", "null", #""string""#, "",
      #"{"x":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}} trailing"#,
      #"{"x":{"dtype":"F32","shape":[0,],"data_offsets":[0,0]}}"#,  // trailing comma
    ]
    for header in cases {
      expectRejection(buffer(header: header)) {
        if case .invalidHeader = $0 { true } else { false }
      }
    }
    let invalidUTF8 = Array(#"{"x"#.utf8) + [0xFF] + Array(#"": 1}"#.utf8)
    var bytes = withUnsafeBytes(of: UInt64(invalidUTF8.count).littleEndian) { Array($0) }
    bytes += invalidUTF8
    expectRejection(Data(bytes)) { if case .invalidHeader = $0 { true } else { false } }
  }

  @Test func rejectsMalformedEntries() {
    let four = floatBytes([1])
    let headers = [
      #"{"x": 5}"#,
      #"{"x":{"shape":[1],"data_offsets":[0,4]}}"#,  // missing dtype
      #"{"x":{"dtype":"F32","data_offsets":[0,4]}}"#,  // missing shape
      #"{"x":{"dtype":"F32","shape":[1]}}"#,  // missing data_offsets
      #"{"x":{"dtype":7,"shape":[1],"data_offsets":[0,4]}}"#,  // dtype not a string
      #"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,  // negative extent
      #"{"x":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#,  // fractional extent
      #"{"x":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}"#,  // float literal
      #"{"x":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}}"#,  // boolean extent
      #"{"x":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}}"#,  // string extent
      #"{"x":{"dtype":"F32","shape":1,"data_offsets":[0,4]}}"#,  // shape not an array
      #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#,  // one offset
      #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}"#,  // three offsets
      #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#,  // negative offset
      #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,  // end < begin
      #"{"x":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,4]}}"#,
      #"{"x":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,4]}}"#,
      #"{"x":{"dtype":"F64","shape":[1152921504606846976],"data_offsets":[0,4]}}"#,
    ]
    for header in headers {
      expectRejection(buffer(header: header, data: four), isInvalidEntry)
    }
  }

  @Test func rejectsUnknownDType() {
    for dtype in ["F8_E4M3", "Q4", "f32", ""] {
      let data = buffer(
        header: #"{"x":{"dtype":"\#(dtype)","shape":[1],"data_offsets":[0,4]}}"#,
        data: floatBytes([1]))
      expectRejection(data) { $0 == .unsupportedDType(tensor: "x", dtype: dtype) }
    }
  }

  @Test func rejectsOffsetsOutOfRange() {
    let data = buffer(
      header: #"{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: floatBytes([1, 2]))
    expectRejection(data) {
      $0 == .offsetsOutOfRange(tensor: "x", begin: 0, end: 16, dataLength: 8)
    }
    let far = buffer(
      header:
        #"{"x":{"dtype":"F32","shape":[0],"data_offsets":[9223372036854775807,9223372036854775807]}}"#
    )
    expectRejection(far) { if case .offsetsOutOfRange = $0 { true } else { false } }
  }

  @Test func rejectsSizeMismatch() {
    let data = buffer(
      header: #"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: floatBytes([1, 2]))
    expectRejection(data) {
      $0 == .sizeMismatch(tensor: "x", shape: [3], dtype: "F32", expectedBytes: 12, actualBytes: 8)
    }
  }

  @Test func rejectsDuplicateNames() {
    let entry = #"{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#
    expectRejection(buffer(header: #"{"x":\#(entry),"x":\#(entry)}"#, data: floatBytes([1]))) {
      $0 == .duplicateName("x")
    }
    expectRejection(buffer(header: #"{"x":\#(entry),"\u0078":\#(entry)}"#, data: floatBytes([1]))) {
      $0 == .duplicateName("x")
    }
    let duplicateField = #"{"x":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}}"#
    expectRejection(buffer(header: duplicateField, data: floatBytes([1]))) {
      $0 == .duplicateName("dtype")
    }
  }

  @Test func acceptsKeysThatOnlyLookAlike() throws {
    // Keys equal to values elsewhere, nested keys repeated across objects, escaped quotes.
    let header = """
      {"a\\"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\
      "dtype":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},\
      "__metadata__":{"dtype":"x","shape":"y"}}
      """
    let (tensors, metadata) = try SafeTensors.decode(
      buffer(header: header, data: floatBytes([1, 2])))
    #expect(tensors["a\"b"]?.scalars == [1])
    #expect(tensors["dtype"]?.scalars == [2])
    #expect(metadata == ["dtype": "x", "shape": "y"])
  }

  @Test func rejectsGapsOverlapsAndTrailingBytes() {
    let gap = buffer(
      header: """
        {"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\
        "y":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}
        """, data: floatBytes([1, 2, 3]))
    expectRejection(gap) { $0 == .notContiguous(tensor: "y", begin: 8, expected: 4) }
    let overlap = buffer(
      header: """
        {"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},\
        "y":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}
        """, data: floatBytes([1, 2, 3]))
    expectRejection(overlap) { $0 == .notContiguous(tensor: "y", begin: 4, expected: 8) }
    let trailing = buffer(
      header: #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: floatBytes([1, 2]))
    expectRejection(trailing) { $0 == .trailingBytes(used: 4, dataLength: 8) }
  }

  @Test func rejectsBadMetadata() {
    for metadata in [#"{"k": 1}"#, #"[]"#, #""text""#, #"{"k": {"nested": "v"}}"#] {
      expectRejection(buffer(header: #"{"__metadata__": \#(metadata)}"#)) {
        if case .invalidMetadata = $0 { true } else { false }
      }
    }
  }

  @Test func neverCrashesOnCorruptedBytes() throws {
    let valid = try SafeTensors.encode(sample, metadata: ["k": "v"])
    var rng = RandomGenerator(seed: 2718)
    for trial in 0..<3000 {
      var bytes = [UInt8](valid)
      switch trial % 3 {
      case 0:
        for _ in 0..<(1 + rng.uniformInt(below: 4)) {
          bytes[rng.uniformInt(below: bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
        }
      case 1:
        bytes.removeLast(1 + rng.uniformInt(below: bytes.count - 1))
      default:
        // Corrupt the header-length prefix only.
        bytes[rng.uniformInt(below: 8)] ^= UInt8(1 << rng.uniformInt(below: 8))
      }
      do {
        let (tensors, _) = try SafeTensors.decode(Data(bytes))
        for tensor in tensors.values {
          #expect(tensor.count == tensor.shape.reduce(1, *))
        }
      } catch {
        #expect(error is SafeTensorsError)
      }
    }
  }

  @Test func decodesDataSlices() throws {
    // A `Data` slice does not start at index 0.
    let data = Data([0xAA, 0xBB]) + (try SafeTensors.encode(["w": Tensor([1, 2])]))
    let (tensors, _) = try SafeTensors.decode(data.dropFirst(2))
    #expect(tensors["w"]?.scalars == [1, 2])
  }

  @Test func refusesToEncodeTheReservedName() {
    #expect(throws: SafeTensorsError.reservedName("__metadata__")) {
      try SafeTensors.encode(["__metadata__": Tensor([1])])
    }
  }

  @Test func errorDescriptionsNameTheProblem() {
    let error = SafeTensorsError.sizeMismatch(
      tensor: "w", shape: [3], dtype: "F32", expectedBytes: 12, actualBytes: 8)
    #expect("\(error)".contains("'w'"))
    #expect("\(error)".contains("12"))
    #expect("\(error)".contains("help:"))
    let wrapped = SafeTensorsError.inFile(path: "model.safetensors", error: error)
    #expect("\(wrapped)".hasPrefix("model.safetensors: "))
  }

  // MARK: Files

  @Test func atomicWriteAndRead() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    try SafeTensors.write(sample, to: url, metadata: ["epoch": "1"])
    var (tensors, metadata) = try SafeTensors.read(from: url)
    #expect(metadata == ["epoch": "1"])
    #expect(tensors["matrix"]?.scalars == [1, 2, 3, 4, 5, 6])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])

    // Overwrite with new contents.
    try SafeTensors.write(["only": Tensor([9])], to: url)
    (tensors, metadata) = try SafeTensors.read(from: url)
    #expect(Array(tensors.keys) == ["only"])
    #expect(metadata.isEmpty)
    let before = try Data(contentsOf: url)

    // A failing encode leaves the old file untouched and no temporary file behind.
    #expect(throws: SafeTensorsError.self) {
      try SafeTensors.write(["__metadata__": Tensor([1])], to: url)
    }
    #expect(try Data(contentsOf: url) == before)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
  }

  @Test func writeIntoAMissingDirectoryFailsCleanly() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("missing").appendingPathComponent("x.safetensors")
    #expect(throws: SafeTensorsError.self) { try SafeTensors.write(["w": Tensor([1])], to: url) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
  }

  @Test func readReportsMissingAndCorruptFiles() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("absent.safetensors")
    let missingError = #expect(throws: SafeTensorsError.self) {
      try SafeTensors.read(from: missing)
    }
    if case .fileSystem = missingError {
    } else {
      Issue.record("got \(String(describing: missingError))")
    }
    let corrupt = directory.appendingPathComponent("corrupt.safetensors")
    try Data([1, 2, 3]).write(to: corrupt)
    let corruptError = #expect(throws: SafeTensorsError.self) {
      try SafeTensors.read(from: corrupt)
    }
    #expect(
      corruptError == .inFile(path: corrupt.path, error: .truncatedHeaderLength(byteCount: 3)))
  }
}
