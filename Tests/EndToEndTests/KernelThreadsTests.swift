import EBM
import EBMProtocols
import Foundation
import Tensors
import Testing

/// `EBM_NUM_THREADS` and ``KernelThreads``: the count is read, checked, and changes no result.
@Suite struct KernelThreadsTests {
  @Test func environmentVariableIsParsedAndChecked() throws {
    #expect(try KernelThreads.environmentCount([:]) == nil)
    #expect(try KernelThreads.environmentCount(["EBM_NUM_THREADS": ""]) == nil)
    #expect(try KernelThreads.environmentCount(["EBM_NUM_THREADS": "3"]) == 3)
    for bad in ["0", "-1", "two", "1.5", "100000"] {
      #expect(throws: KernelThreadsError.self) { try KernelThreads.environmentCount(["EBM_NUM_THREADS": bad]) }
    }
    #expect(KernelThreads.availableProcessors >= 1)
  }

  /// A training run whose products are large enough to be split over threads (batch 32 × 1024
  /// NCE+ candidates through ToyNet) gives the same bits with 1 and 3 threads.
  @Test func trainingIsBitIdenticalAtAnyThreadCount() throws {
    let registry = Registry.standard()
    let spec = PipelineSpec(
      task: ComponentReference("regression1d-1", options: ["train-count": .int(64)]),
      objective: ComponentReference("nce+"), epochs: 1, seed: 3)
    func train(threads: Int) throws -> ParameterSet {
      KernelThreads.count = threads
      let pipeline = try registry.makePipeline(spec)
      return try Trainer(pipeline: pipeline).train(data: try pipeline.makeData()).model.parameters
    }
    let original = KernelThreads.count
    defer { KernelThreads.count = original }
    let one = try train(threads: 1)
    let three = try train(threads: 3)
    #expect(one.keys.sorted() == three.keys.sorted())
    for name in one.keys { #expect(one[name]!.scalars == three[name]!.scalars, "\(name)") }
  }
}
