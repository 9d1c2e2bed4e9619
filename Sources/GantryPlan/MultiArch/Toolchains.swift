import GantryCore
import GantryLoad

/// The build arguments each `toolchain:` adds per target platform, so a build stage running on the
/// build platform (`FROM --platform=$BUILDPLATFORM`) cross-compiles. Pure data: the same table is
/// printed in docs/multi-arch.md.
public enum Toolchains {
  /// The arguments for `toolchain` building for `platform`; nil when the toolchain has no target for it.
  public static func args(for toolchain: Toolchain, platform: Platform) -> [String: String]? {
    guard platform.os == "linux" || toolchain.name == .go else { return nil }
    switch toolchain.name {
    case .go: return go(platform)
    case .rust: return rust(platform, libc: toolchain.libc)
    case .c, .cpp: return debianCross(platform)
    case .swift: return swiftSDK(platform).map { ["SWIFT_SDK": $0] }
    }
  }

  /// `GOOS`, `GOARCH` (Go's names are Docker's), `GOARM` from an arm variant, `GOAMD64` from an
  /// amd64 variant, and `CGO_ENABLED=0` (a C toolchain for the target is not there to link with).
  static func go(_ platform: Platform) -> [String: String] {
    var args = ["GOOS": platform.os, "GOARCH": platform.architecture, "CGO_ENABLED": "0"]
    if platform.architecture == "arm", let variant = platform.variant, ["v5", "v6", "v7"].contains(variant) {
      args["GOARM"] = String(variant.dropFirst())
    }
    if platform.architecture == "amd64", let variant = platform.variant {
      args["GOAMD64"] = variant
    }
    return args
  }

  /// The Rust target triple's first part and ABI suffix, by platform.
  static let rustTargets: [String: (arch: String, gnu: String, musl: String)] = [
    "linux/amd64": ("x86_64", "gnu", "musl"),
    "linux/arm64": ("aarch64", "gnu", "musl"),
    "linux/arm/v7": ("armv7", "gnueabihf", "musleabihf"),
    "linux/arm/v6": ("arm", "gnueabihf", "musleabihf"),
    "linux/386": ("i686", "gnu", "musl"),
    "linux/ppc64le": ("powerpc64le", "gnu", "musl"),
    "linux/s390x": ("s390x", "gnu", "musl"),
    "linux/riscv64": ("riscv64gc", "gnu", "musl"),
  ]

  /// `CARGO_BUILD_TARGET` and `RUST_TARGET` (the triple), and the triple's linker variable: the
  /// Debian cross gcc for gnu, `rust-lld` for musl (Rust ships the musl C runtime for static links).
  static func rust(_ platform: Platform, libc: Toolchain.Libc) -> [String: String]? {
    guard let target = rustTargets[platform.description] else { return nil }
    let triple = "\(target.arch)-unknown-linux-\(libc == .musl ? target.musl : target.gnu)"
    let linker: String
    switch libc {
    case .musl: linker = "rust-lld"
    case .gnu:
      // arm/v6 has no Debian prefix of its own; the armhf gcc links v6 code the compiler produced.
      guard
        let prefix = debianPrefixes[platform.description]
          ?? (platform.description == "linux/arm/v6" ? "arm-linux-gnueabihf-" : nil)
      else { return nil }
      linker = prefix + "gcc"
    }
    let variable = "CARGO_TARGET_" + triple.uppercased().replacingAll("-", with: "_") + "_LINKER"
    return ["CARGO_BUILD_TARGET": triple, "RUST_TARGET": triple, variable: linker]
  }

  /// Debian's cross toolchain prefixes (`apt-get install gcc-aarch64-linux-gnu` and friends).
  static let debianPrefixes: [String: String] = [
    "linux/amd64": "x86_64-linux-gnu-",
    "linux/arm64": "aarch64-linux-gnu-",
    "linux/arm/v7": "arm-linux-gnueabihf-",
    "linux/arm/v5": "arm-linux-gnueabi-",
    "linux/386": "i686-linux-gnu-",
    "linux/ppc64le": "powerpc64le-linux-gnu-",
    "linux/s390x": "s390x-linux-gnu-",
    "linux/riscv64": "riscv64-linux-gnu-",
  ]

  /// `CC`, `CXX`, `AR`, `STRIP` and `PKG_CONFIG` of the Debian cross toolchain for the platform.
  static func debianCross(_ platform: Platform) -> [String: String]? {
    guard let prefix = debianPrefixes[platform.description] else { return nil }
    return [
      "CC": prefix + "gcc", "CXX": prefix + "g++", "AR": prefix + "ar", "STRIP": prefix + "strip",
      "PKG_CONFIG": prefix + "pkg-config",
    ]
  }

  /// The Static Linux SDK for `swift build --swift-sdk`.
  static func swiftSDK(_ platform: Platform) -> String? {
    switch platform.description {
    case "linux/amd64": "x86_64-swift-linux-musl"
    case "linux/arm64": "aarch64-swift-linux-musl"
    default: nil
    }
  }

  /// The platforms the toolchain has a table entry for, for messages.
  public static func supportedPlatforms(of toolchain: Toolchain) -> [String] {
    switch toolchain.name {
    case .go: return ["any os/arch Go supports"]
    case .rust: return rustTargets.keys.sorted()
    case .c, .cpp: return debianPrefixes.keys.sorted()
    case .swift: return ["linux/amd64", "linux/arm64"]
    }
  }
}
