import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// The build arguments each toolchain adds per platform, and whole plans per toolchain as golden files.
@Suite struct ToolchainTests {
  static let platforms = [
    "linux/amd64", "linux/arm64", "linux/arm/v7", "linux/ppc64le", "linux/s390x", "linux/riscv64", "linux/386",
  ]

  /// Expected arguments by toolchain and platform: the table of docs/multi-arch.md.
  static let expected: [String: [String: [String: String]]] = [
    "go": [
      "linux/amd64": ["GOOS": "linux", "GOARCH": "amd64", "CGO_ENABLED": "0"],
      "linux/arm64": ["GOOS": "linux", "GOARCH": "arm64", "CGO_ENABLED": "0"],
      "linux/arm/v7": ["GOOS": "linux", "GOARCH": "arm", "GOARM": "7", "CGO_ENABLED": "0"],
      "linux/ppc64le": ["GOOS": "linux", "GOARCH": "ppc64le", "CGO_ENABLED": "0"],
      "linux/s390x": ["GOOS": "linux", "GOARCH": "s390x", "CGO_ENABLED": "0"],
      "linux/riscv64": ["GOOS": "linux", "GOARCH": "riscv64", "CGO_ENABLED": "0"],
      "linux/386": ["GOOS": "linux", "GOARCH": "386", "CGO_ENABLED": "0"],
    ],
    "rust": [
      "linux/amd64": rust("x86_64-unknown-linux-gnu", linker: "x86_64-linux-gnu-gcc"),
      "linux/arm64": rust("aarch64-unknown-linux-gnu", linker: "aarch64-linux-gnu-gcc"),
      "linux/arm/v7": rust("armv7-unknown-linux-gnueabihf", linker: "arm-linux-gnueabihf-gcc"),
      "linux/ppc64le": rust("powerpc64le-unknown-linux-gnu", linker: "powerpc64le-linux-gnu-gcc"),
      "linux/s390x": rust("s390x-unknown-linux-gnu", linker: "s390x-linux-gnu-gcc"),
      "linux/riscv64": rust("riscv64gc-unknown-linux-gnu", linker: "riscv64-linux-gnu-gcc"),
      "linux/386": rust("i686-unknown-linux-gnu", linker: "i686-linux-gnu-gcc"),
    ],
    "rust-musl": [
      "linux/amd64": rust("x86_64-unknown-linux-musl", linker: "rust-lld"),
      "linux/arm64": rust("aarch64-unknown-linux-musl", linker: "rust-lld"),
      "linux/arm/v7": rust("armv7-unknown-linux-musleabihf", linker: "rust-lld"),
      "linux/ppc64le": rust("powerpc64le-unknown-linux-musl", linker: "rust-lld"),
      "linux/s390x": rust("s390x-unknown-linux-musl", linker: "rust-lld"),
      "linux/riscv64": rust("riscv64gc-unknown-linux-musl", linker: "rust-lld"),
      "linux/386": rust("i686-unknown-linux-musl", linker: "rust-lld"),
    ],
    "c": [
      "linux/amd64": debian("x86_64-linux-gnu-"),
      "linux/arm64": debian("aarch64-linux-gnu-"),
      "linux/arm/v7": debian("arm-linux-gnueabihf-"),
      "linux/ppc64le": debian("powerpc64le-linux-gnu-"),
      "linux/s390x": debian("s390x-linux-gnu-"),
      "linux/riscv64": debian("riscv64-linux-gnu-"),
      "linux/386": debian("i686-linux-gnu-"),
    ],
    "swift": [
      "linux/amd64": ["SWIFT_SDK": "x86_64-swift-linux-musl"],
      "linux/arm64": ["SWIFT_SDK": "aarch64-swift-linux-musl"],
    ],
  ]

  static func rust(_ triple: String, linker: String) -> [String: String] {
    let variable = "CARGO_TARGET_" + triple.uppercased().replacingOccurrences(of: "-", with: "_") + "_LINKER"
    return ["CARGO_BUILD_TARGET": triple, "RUST_TARGET": triple, variable: linker]
  }

  static func debian(_ prefix: String) -> [String: String] {
    [
      "CC": prefix + "gcc", "CXX": prefix + "g++", "AR": prefix + "ar", "STRIP": prefix + "strip",
      "PKG_CONFIG": prefix + "pkg-config",
    ]
  }

  static func toolchain(_ name: String) -> Toolchain {
    switch name {
    case "rust-musl": Toolchain(.rust, libc: .musl)
    default: Toolchain(Toolchain.Name(rawValue: name)!)
    }
  }

  @Test(arguments: ["go", "rust", "rust-musl", "c", "cpp", "swift"], platforms)
  func argumentsPerPlatform(toolchain name: String, platform: String) throws {
    let expected = Self.expected[name == "cpp" ? "c" : name]?[platform]
    #expect(Toolchains.args(for: Self.toolchain(name), platform: try #require(Platform(platform))) == expected)
  }

  @Test func variantsAndOtherPlatforms() {
    let go = Toolchain(.go)
    #expect(Toolchains.args(for: go, platform: Platform("linux/arm/v6"))?["GOARM"] == "6")
    #expect(Toolchains.args(for: go, platform: Platform("linux/arm"))?["GOARM"] == "7")
    #expect(Toolchains.args(for: go, platform: Platform("linux/amd64/v3"))?["GOAMD64"] == "v3")
    #expect(Toolchains.args(for: go, platform: Platform("linux/amd64"))?["GOAMD64"] == nil)
    #expect(Toolchains.args(for: go, platform: Platform("windows/amd64"))?["GOOS"] == "windows")
    #expect(
      Toolchains.args(for: Toolchain(.rust), platform: Platform("linux/arm/v6"))?["RUST_TARGET"]
        == "arm-unknown-linux-gnueabihf")
    #expect(Toolchains.args(for: Toolchain(.c), platform: Platform("linux/arm/v6")) == nil)
    #expect(Toolchains.args(for: Toolchain(.c), platform: Platform("linux/arm/v5"))?["CC"] == "arm-linux-gnueabi-gcc")
    #expect(Toolchains.args(for: Toolchain(.rust), platform: Platform("linux/mips64le")) == nil)
    #expect(Toolchains.args(for: Toolchain(.swift), platform: Platform("windows/amd64")) == nil)
  }

  /// The whole plan of one toolchain's service: one job per platform, the arguments in each argv.
  @Test(arguments: ["go", "rust", "rust-musl", "c", "cpp", "swift"])
  func goldenPlan(service: String) throws {
    let root = try Fixtures.copy("toolchains")
    let project = try ProjectLoader.load(folder: root)
    let plan = try Planner().plan(
      project,
      options: PlanOptions(selection: [service], multiArch: MultiArchOptions(hostPlatform: Platform("linux/amd64"))))
    #expect(plan.warnings.isEmpty, "\(plan.warnings)")
    let platforms = service == "swift" ? ["linux/amd64", "linux/arm64"] : Self.platforms
    #expect(plan.jobs.map(\.id).sorted() == platforms.map { "\(service)@\($0)" }.sorted())
    for job in plan.jobs {
      let expected = Self.expected[service == "cpp" ? "c" : service]?[job.platforms[0].description] ?? [:]
      for (name, value) in expected { #expect(job.argv.contains("\(name)=\(value)"), "\(job.id): \(name)=\(value)") }
    }
    let outcome = try Golden.check(
      try PlanRenderer.render(plan, format: .json), named: "toolchain-\(service).plan.json")
    if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
  }

  @Test func aPlatformWithoutATargetIsAnErrorUnlessArgsByPlatformCoverIt() throws {
    let root = try Fixtures.copy("toolchains")
    let path = root + "/gantry.yml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(
      of: "    platforms: [linux/amd64, linux/arm64]\n", with: "    platforms: [linux/amd64, linux/s390x]\n"
    )
    .write(toFile: path, atomically: true, encoding: .utf8)
    let options = PlanOptions(selection: ["swift"], multiArch: MultiArchOptions(hostPlatform: Platform("linux/amd64")))
    let error = #expect(throws: DiagnosticsError.self) {
      try Planner().plan(try ProjectLoader.load(folder: root), options: options)
    }
    let diagnostic = try #require(error?.diagnostics.first)
    #expect(diagnostic.message == "toolchain swift of service 'swift' has no target for linux/s390x")
    #expect(diagnostic.location?.line == 30)
    #expect(
      diagnostic.hint
        == "it knows linux/amd64, linux/arm64; pass the variables with args_by_platform: {linux/s390x: {…}}, or remove the platform"
    )

    try
      (text.replacingOccurrences(
        of: "    platforms: [linux/amd64, linux/arm64]\n", with: "    platforms: [linux/amd64, linux/s390x]\n")
      + "    args_by_platform: {linux/s390x: {SWIFT_SDK: s390x-swift-linux-gnu}}\n")
      .write(toFile: path, atomically: true, encoding: .utf8)
    let plan = try Planner().plan(try ProjectLoader.load(folder: root), options: options)
    #expect(plan.job("swift@linux/s390x")?.argv.contains("SWIFT_SDK=s390x-swift-linux-gnu") == true)
  }
}
