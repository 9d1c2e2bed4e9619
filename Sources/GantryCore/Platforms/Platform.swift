/// A target platform, `os/arch[/variant]`, in the normalised form BuildKit compares.
///
/// Aliases become Docker's names (`aarch64` → `arm64`, `x86_64` → `amd64`, `i386` → `386`), and the
/// variants Docker leaves out are filled in or dropped as it does: `linux/arm` is `linux/arm/v7`,
/// `linux/arm64/v8` is `linux/arm64`.
public struct Platform: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var os: String
  public var architecture: String
  public var variant: String?

  public init(os: String, architecture: String, variant: String? = nil) {
    self.os = os
    self.architecture = architecture
    self.variant = variant
  }

  /// Parses `os/arch` or `os/arch/variant`; nil for anything else.
  public init?(_ text: String) {
    let parts = text.trimmingWhitespace().lowercased().split(separator: "/", omittingEmptySubsequences: false).map(
      String.init)
    guard (2...3).contains(parts.count),
      parts.allSatisfy({ part in
        !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
      })
    else { return nil }
    var architecture = parts[1]
    var variant = parts.count == 3 ? parts[2] : nil
    switch architecture {
    case "aarch64": architecture = "arm64"
    case "x86_64", "x86-64": architecture = "amd64"
    case "i386", "i686": architecture = "386"
    case "armhf":
      architecture = "arm"
      variant = variant ?? "v7"
    case "armel":
      architecture = "arm"
      variant = variant ?? "v6"
    default: break
    }
    if architecture == "arm64", variant == "v8" { variant = nil }
    if architecture == "arm", variant == nil { variant = "v7" }
    if architecture == "amd64", variant == "v1" { variant = nil }
    self.init(os: parts[0], architecture: architecture, variant: variant)
  }

  /// `linux/arm/v7`.
  public var description: String {
    [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
  }

  /// `linux-arm-v7`: the platform as it appears in per-platform tags and file names.
  public var tagSuffix: String {
    [os, architecture, variant].compactMap { $0 }.joined(separator: "-")
  }

  /// True when a machine of this platform runs `other` without emulation: the same os and
  /// architecture, and the same variant unless this platform names none (then it runs every
  /// variant: a `linux/amd64` builder runs `linux/amd64/v3` builds).
  public func runsNatively(_ other: Platform) -> Bool {
    guard os == other.os, architecture == other.architecture else { return false }
    guard let variant else { return true }
    if architecture == "arm", variant == "v7", other.variant == nil { return true }
    return variant == other.variant
  }

  /// The platform of the machine gantry itself runs on (what a build without `--platform` targets on a local engine).
  public static var host: Platform {
    #if arch(arm64)
      Platform(os: "linux", architecture: "arm64")
    #elseif arch(arm)
      Platform(os: "linux", architecture: "arm", variant: "v7")
    #elseif arch(i386)
      Platform(os: "linux", architecture: "386")
    #elseif arch(powerpc64le)
      Platform(os: "linux", architecture: "ppc64le")
    #elseif arch(s390x)
      Platform(os: "linux", architecture: "s390x")
    #else
      Platform(os: "linux", architecture: "amd64")
    #endif
  }

  public static func < (lhs: Platform, rhs: Platform) -> Bool { lhs.description < rhs.description }
}
