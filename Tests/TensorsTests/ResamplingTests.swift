import Foundation
import Testing

@testable import Tensors

/// Resizing, grid sampling and box crops: values against PyTorch 2's `F.interpolate` and
/// `F.grid_sample` (recorded outputs, inputs from a formula), gradients against finite
/// differences for the input and the coordinates.
@Suite struct ResamplingTests {
  static func input(_ shape: [Int], a: Double = 0.7, b: Double = 0.3, s: Double = 2) -> Tensor {
    ActivationAndNormTests.input(shape, a: a, b: b, s: s)
  }

  @Test func resizeMatchesInterpolate() {
    let x = Self.input([1, 2, 3, 4])
    ActivationAndNormTests.expectClose(x.resized(height: 5, width: 3, mode: .nearest), [
      0.5910404324531555, 1.6829419136047363, 1.9833296537399292, 0.5910404324531555, 1.6829419136047363, 1.9833296537399292, 0.08316132426261902, -1.2237157821655273, -1.9550602436065674, 0.08316132426261902, -1.2237157821655273, -1.9550602436065674, -0.7477533221244812, 0.62308269739151, 1.7008732557296753, 1.3259384632110596, 0.049550849944353104, -1.2501412630081177, 1.3259384632110596, 0.049550849944353104, -1.2501412630081177, -1.7509043216705322, -0.7164585590362549, 0.654948890209198, -1.7509043216705322, -0.7164585590362549, 0.654948890209198, 1.9735438823699951, 1.3005757331848145, 0.015926366671919823,
    ], "nearest")
    ActivationAndNormTests.expectClose(
      x.resized(height: 5, width: 7, mode: .bilinear(alignCorners: false)), [
      0.5910404324531555, 0.9810052514076233, 1.6049489974975586, 1.8331358432769775, 1.9381579160690308, 1.576784610748291, 1.350926399230957, 0.38788875937461853, 0.4351709187030792, 0.5108223557472229, 0.4641261398792267, 0.3862461745738983, 0.21242816746234894, 0.10379193723201752, 0.08316132426261902, -0.3835805654525757, -1.1303675174713135, -1.589388132095337, -1.9416208267211914, -1.8341060876846313, -1.7669093608856201, -0.4153875708580017, -0.30833354592323303, -0.1370472013950348, 0.06143201142549515, 0.25578367710113525, 0.3940501809120178, 0.48046666383743286, -0.7477533221244812, -0.2581689655780792, 0.525165855884552, 1.1619781255722046, 1.720719337463379, 1.8794867992401123, 1.9787166118621826, 1.3259384632110596, 0.8700856566429138, 0.14072135090827942, -0.60029536485672, -1.3009793758392334, -1.7076828479766846, -1.9618724584579468, 0.09520125389099121, -0.030532356351614, -0.23170621693134308, -0.37247905135154724, -0.4882257580757141, -0.4891907870769501, -0.4897937774658203, -1.7509043216705322, -1.381459355354309, -0.7903475165367126, -0.030754659324884415, 0.7309044599533081, 1.3385471105575562, 1.7183235883712769, 0.4837651252746582, 0.4873354732990265, 0.4930482506752014, 0.382648766040802, 0.246539905667305, 0.04657743126153946, -0.07839905470609665, 1.9735438823699951, 1.7331979274749756, 1.3486448526382446, 0.6582509279251099, -0.07636959850788116, -0.8147351145744324, -1.2762134075164795,
    ], tolerance: 1e-5, "bilinear")
    ActivationAndNormTests.expectClose(
      x.resized(height: 2, width: 6, mode: .bilinear(alignCorners: true)), [
      0.5910404324531555, 1.2461812496185303, 1.743019461631775, 1.9232521057128906, 1.7303682565689087, 1.350926399230957, -0.7477533221244812, 0.07474832236766815, 0.8386408686637878, 1.485315203666687, 1.812010645866394, 1.978716492652893, 1.3259384632110596, 0.5601058602333069, -0.21038763225078583, -0.9902029633522034, -1.5348337888717651, -1.9618724584579468, 1.9735438823699951, 1.5697630643844604, 1.0436457395553589, 0.2728561460971832, -0.5009296536445618, -1.2762134075164795,
    ], tolerance: 1e-5,
      "bilinear aligned")
  }

  @Test func gridSampleMatchesPyTorch() {
    let x = Self.input([1, 2, 3, 4])
    let grid = Self.input([1, 2, 3, 2], a: 1.3, b: 0.1, s: 1.2)
    ActivationAndNormTests.expectClose(Tensor.gridSample(x, grid: grid), [
      0.3212396502494812, 1.0528501272201538, -0.19237641990184784, -0.027086999267339706, 0.17269669473171234, 0.4977491497993469, 0.07926821708679199, -1.0359104871749878, 0.16969934105873108, 0.053004469722509384, 0.38742727041244507, -0.23967494070529938,
    ], tolerance: 1e-5, "gridSample")
    ActivationAndNormTests.expectClose(
      Tensor.gridSample(x, grid: grid, alignCorners: true), [
      1.1081959009170532, 1.4716362953186035, -0.22806255519390106, -0.5370103716850281, 0.4636206328868866, 1.5279268026351929, 0.34938204288482666, -1.2229424715042114, -0.3577607274055481, 0.643915057182312, 0.7421624660491943, -0.4383339285850525,
    ], tolerance: 1e-5, "aligned")
  }

  @Test func resamplingGradientsMatchFiniteDifferences() {
    let x = Self.input([1, 2, 3, 4])
    var rng = RandomGenerator(seed: 21)
    let probe = Tensor.normal([1, 2, 4, 5], using: &rng)
    for mode in [InterpolationMode.nearest, .bilinear(alignCorners: false), .bilinear(alignCorners: true)] {
      let result = GradientChecker.check(at: [x]) { ($0[0].resized(height: 4, width: 5, mode: mode) * probe).sum() }
      #expect(result.passed, "\(mode): \(result)")
    }
    let grid = Self.input([1, 2, 3, 2], a: 1.3, b: 0.1, s: 1.2) * 0.9 + 0.013
    let gridProbe = Tensor.normal([1, 2, 2, 3], using: &rng)
    let result = GradientChecker.check(at: [x, grid]) { p in (Tensor.gridSample(p[0], grid: p[1]) * gridProbe).sum() }
    #expect(result.passed, "gridSample: \(result)")
  }

  @Test func cropsSampleCellCentresAndDifferentiateBoxes() {
    // A ramp F[i, j] = j interpolates to x inside the map: crop samples are the cell centres.
    let ramp = Tensor(shape: [1, 1, 6, 8], scalars: (0..<48).map { Float($0 % 8) })
    let boxes = Tensor(shape: [1, 5], scalars: [0, 2, 1, 10, 9])
    let crops = Tensor.bilinearCrops(ramp, boxes: boxes, height: 2, width: 4, spatialScale: 0.5)
    #expect(crops.shape == [1, 1, 2, 4])
    for (q, v) in crops.scalars.prefix(4).enumerated() { #expect(abs(v - (1 + 4 * (Float(q) + 0.5) / 4)) <= 1e-6) }
    let f = Self.input([2, 3, 5, 6])
    let indices = Tensor(shape: [2, 1], scalars: [1, 0])
    let corners = Tensor(shape: [2, 4], scalars: [1.1, 0.3, 8.7, 7.9, -2.2, 3.1, 5.3, 12.6])
    var rng = RandomGenerator(seed: 22)
    let probe = Tensor.normal([2, 3, 3, 2], using: &rng)
    let result = GradientChecker.check(at: [f, corners]) { p in
      let b = Tensor.concatenate([indices, p[1]], alongAxis: 1)
      return (Tensor.bilinearCrops(p[0], boxes: b, height: 3, width: 2, spatialScale: 0.5) * probe).sum()
    }
    #expect(result.passed, "\(result)")
  }

  @Test func samplingOutsideReadsZerosAndNaNPropagates() {
    let x = Tensor.ones([1, 1, 2, 2])
    let grid = Tensor(shape: [1, 1, 3, 2], scalars: [5, 5, -1e30, 0, .nan, 0])
    let out = Tensor.gridSample(x, grid: grid)
    #expect(out.scalars[0] == 0 && out.scalars[1] == 0 && out.scalars[2].isNaN)
  }
}
