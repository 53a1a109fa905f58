// swift-tools-version: 6.0
// A package downstream of swift-ebm: its own loss and sampler, registered next to the built-in
// components, usable from Swift and from its own `ebm`-style executable.
import PackageDescription

let package = Package(
  name: "CustomLoss",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "CustomLoss", targets: ["CustomLoss"]),
    .executable(name: "custom-ebm", targets: ["custom-ebm"]),
  ],
  dependencies: [.package(name: "swift-ebm", path: "../..")],
  targets: [
    .target(
      name: "CustomLoss",
      dependencies: [
        .product(name: "EBM", package: "swift-ebm"),
        .product(name: "EBMProtocols", package: "swift-ebm"),
        .product(name: "Tensors", package: "swift-ebm"),
      ]),
    .executableTarget(
      name: "custom-ebm",
      dependencies: ["CustomLoss", .product(name: "EBMCommand", package: "swift-ebm")]),
    .testTarget(
      name: "CustomLossTests",
      dependencies: [
        "CustomLoss",
        .product(name: "EBMCommand", package: "swift-ebm"),
        .product(name: "EBMProtocols", package: "swift-ebm"),
        .product(name: "Tensors", package: "swift-ebm"),
      ]),
  ]
)
