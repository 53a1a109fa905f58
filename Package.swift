// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "swift-ebm",
  platforms: [.macOS(.v13)],
  products: [
    // MARK: Public API
    .library(name: "Tensors", targets: ["Tensors"]),
    .library(name: "Images", targets: ["Images"]),
    .library(name: "EBMProtocols", targets: ["EBMProtocols"]),
    .library(name: "Losses", targets: ["Losses"]),
    .library(name: "Samplers", targets: ["Samplers"]),
    .library(name: "Architectures", targets: ["Architectures"]),
    .library(name: "Tasks", targets: ["Tasks"]),
    .library(name: "EBM", targets: ["EBM"]),
    .library(name: "EBMCommand", targets: ["EBMCommand"]),
    .executable(name: "ebm", targets: ["ebm"]),
    .executable(name: "ebm-bench", targets: ["EBMBench"]),
  ],
  targets: [
    // MARK: Numerical core
    // Vectorised kernels (AVX2/FMA with runtime dispatch), in C so that the package
    // needs no unsafe compiler flags: see DESIGN.md, "Measured facts".
    .target(name: "CTensorKernels"),
    .target(name: "Tensors", dependencies: ["CTensorKernels"]),
    // Image files (PNG, JPEG) and image <-> tensor conversion.
    .target(name: "Images", dependencies: ["Tensors", "CTensorKernels"]),

    // MARK: The EBM core and its plugins
    .target(name: "EBMProtocols", dependencies: ["Tensors"]),
    .target(name: "Losses", dependencies: ["EBMProtocols", "Tensors"]),
    .target(name: "Samplers", dependencies: ["EBMProtocols", "Tensors"]),
    .target(name: "Architectures", dependencies: ["EBMProtocols", "Tensors"]),
    .target(
      name: "Tasks", dependencies: ["EBMProtocols", "Tensors", "Images"],
      resources: [.copy("Resources")]),

    // MARK: Assembly and tools
    .target(
      name: "EBM",
      dependencies: ["EBMProtocols", "Losses", "Samplers", "Architectures", "Tasks", "Tensors"]),
    .target(name: "EBMCommand", dependencies: ["EBM", "EBMProtocols", "Images", "Tasks", "Tensors"]),
    .executableTarget(name: "ebm", dependencies: ["EBMCommand"]),
    .executableTarget(
      name: "EBMBench",
      dependencies: ["Tensors", "EBMProtocols", "Architectures", "Samplers", "EBM", "Images"]),

    // MARK: Tests
    .target(name: "_EBMTestSupport", dependencies: ["Tensors", "EBMProtocols"], path: "Tests/_EBMTestSupport"),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "CTensorKernels", "_EBMTestSupport"]),
    .testTarget(name: "EBMProtocolsTests", dependencies: ["EBMProtocols", "Tensors", "_EBMTestSupport"]),
    .testTarget(
      name: "LossesTests", dependencies: ["Losses", "Architectures", "Samplers", "EBMProtocols", "Tensors", "_EBMTestSupport"],
      resources: [.copy("Resources")]),
    .testTarget(
      name: "SamplersTests", dependencies: ["Samplers", "Architectures", "EBMProtocols", "Tensors", "_EBMTestSupport"]),
    .testTarget(
      name: "ArchitecturesTests", dependencies: ["Architectures", "EBMProtocols", "Tensors", "_EBMTestSupport"]),
    .testTarget(name: "ImagesTests", dependencies: ["Images", "Tensors"]),
    .testTarget(name: "TasksTests", dependencies: ["Tasks", "EBMProtocols", "Tensors", "_EBMTestSupport"]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["EBM", "EBMCommand", "EBMProtocols", "Tasks", "Tensors", "_EBMTestSupport"]),
  ]
)
