// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
  name: "gantry",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "gantry", targets: ["gantry"]),
    .library(name: "GantryCLI", targets: ["GantryCLI"]),
    .plugin(name: "GantryPlugin", targets: ["GantryPlugin"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
    .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
  ],
  targets: [
    // The executable is one small file; everything else lives in libraries.
    .executableTarget(name: "gantry", dependencies: ["GantryCLI"], swiftSettings: strict),

    // Benchmarks (make bench): not part of the product.
    .executableTarget(name: "gantry-bench", dependencies: ["GantryLoad", "GantryPlan"], swiftSettings: strict),
    .executableTarget(name: "gantry-bench-inputs", dependencies: ["GantryInputs"], swiftSettings: strict),

    // Diagnostics, image references, generic graph algorithms.
    .target(name: "GantryCore", swiftSettings: strict),
    // Dockerfile parsing: stages and the images they pull in.
    .target(name: "GantryDockerfile", dependencies: ["GantryCore"], swiftSettings: strict),
    // Reading gantry.yml and compose files into service definitions.
    .target(
      name: "GantryLoad",
      dependencies: ["GantryCore", .product(name: "Yams", package: "Yams")],
      swiftSettings: strict),
    // From services to a plan: graph, order, critical path, argv. Pure.
    .target(
      name: "GantryPlan", dependencies: ["GantryCore", "GantryDockerfile", "GantryLoad"],
      swiftSettings: strict),
    // What a run did, as a value, and its formats, store, history and comparisons. Depends on Core
    // only: `gantry report …` reads runs without knowing how they were built.
    .target(name: "GantryReport", dependencies: ["GantryCore"], swiftSettings: strict),
    // What a build reads: ignore-file rules, context file sets and their digests, the job input digest.
    .target(
      name: "GantryInputs",
      dependencies: ["GantryCore", "GantryDockerfile", .product(name: "Crypto", package: "swift-crypto")],
      swiftSettings: strict),
    // Findings about build speed and size before anything runs: rules as data over Dockerfile
    // instructions, contexts and the history.
    .target(
      name: "GantryAudit",
      dependencies: ["GantryCore", "GantryDockerfile", "GantryInputs", "GantryLoad", "GantryPlan", "GantryReport"],
      swiftSettings: strict),
    // Running a plan: processes, scheduling, logs; it produces a report.
    .target(
      name: "GantryExec",
      dependencies: [
        "GantryCore", "GantryPlan", "GantryReport", "GantryInputs",
        .product(name: "Subprocess", package: "swift-subprocess"),
        .product(name: "SystemPackage", package: "swift-system"),
      ],
      swiftSettings: strict),
    // The command line.
    .target(
      name: "GantryCLI",
      dependencies: [
        "GantryCore", "GantryDockerfile", "GantryLoad", "GantryPlan", "GantryExec", "GantryReport", "GantryInputs",
        "GantryAudit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict),

    .plugin(
      name: "GantryPlugin",
      capability: .command(
        intent: .custom(verb: "gantry", description: "Plan or build the repository's images with gantry"),
        permissions: [.writeToPackageDirectory(reason: "gantry writes its reports under .gantry/")]),
      dependencies: ["gantry"]),

    .target(
      name: "GantryTestSupport", dependencies: ["GantryCore"], path: "Tests/GantryTestSupport", swiftSettings: strict),
    .testTarget(
      name: "GantryDockerfileTests", dependencies: ["GantryDockerfile", "GantryTestSupport"], exclude: ["Corpus"],
      swiftSettings: strict),
    .testTarget(
      name: "GantryInputsTests", dependencies: ["GantryInputs", "GantryTestSupport"], swiftSettings: strict),
    .testTarget(
      name: "GantryLoadTests", dependencies: ["GantryLoad", "GantryTestSupport"], exclude: ["Fixtures"],
      swiftSettings: strict),
    .testTarget(
      name: "GantryPlanTests", dependencies: ["GantryPlan", "GantryCLI", "GantryTestSupport"],
      exclude: ["Fixtures", "Golden"], swiftSettings: strict),
    .testTarget(
      name: "GantryExecTests", dependencies: ["GantryExec", "GantryInputs", "GantryLoad", "GantryTestSupport"],
      swiftSettings: strict),
    .testTarget(
      name: "GantryReportTests", dependencies: ["GantryReport", "GantryTestSupport"], exclude: ["Golden"],
      swiftSettings: strict),
    .testTarget(
      name: "GantryAuditTests", dependencies: ["GantryAudit", "GantryTestSupport"], exclude: ["Corpus"],
      swiftSettings: strict),
    .testTarget(
      name: "GantryIntegrationTests", dependencies: ["gantry", "GantryInputs", "GantryTestSupport"],
      swiftSettings: strict),
  ]
)
