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

extension Platform {
  /// The hint for a text that is not a platform.
  public static let formHint = "use os/arch[/variant], e.g. linux/amd64, linux/arm64 or linux/arm/v7"

  /// Architectures builders exist for (Docker's names, after aliases).
  public static let knownArchitectures = [
    "amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64", "mips64le", "loong64", "wasm",
  ]
  /// Operating systems images are built for.
  public static let knownOperatingSystems = ["linux", "windows", "darwin", "freebsd", "wasi"]

  /// Reads a platform where it enters gantry (a manifest, a compose file, the command line): the
  /// platform, or an error saying how to write one; an architecture or OS no builder runs gets a
  /// warning naming the known ones (BuildKit would fail on it only when the build starts).
  /// - Parameter what: what the platform belongs to, for the messages (`service 'api'`).
  public static func parse(_ text: String, what: String, at location: SourceLocation?) -> (
    platform: Platform?, diagnostics: [Diagnostic]
  ) {
    guard let platform = Platform(text) else {
      return (nil, [.error("'\(text)' is not a platform of \(what)", at: location, hint: formHint)])
    }
    var diagnostics: [Diagnostic] = []
    if !knownOperatingSystems.contains(platform.os) {
      diagnostics.append(
        .warning(
          "'\(text)' of \(what) names the operating system '\(platform.os)', which no builder runs", at: location,
          hint: Suggestion.hint(for: platform.os, in: knownOperatingSystems, noun: "operating systems")))
    }
    if !knownArchitectures.contains(platform.architecture) {
      diagnostics.append(
        .warning(
          "'\(text)' of \(what) names the architecture '\(platform.architecture)', which no builder runs", at: location,
          hint: (Suggestion.nearest(to: platform.architecture, in: knownArchitectures).map { "did you mean '\($0)'? " }
            ?? "") + "known architectures: \(knownArchitectures.joined(separator: " "))"))
    }
    return (platform, diagnostics)
  }
}

/// Written as its text (`linux/arm/v7`) in every file gantry writes.
extension Platform: Codable {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let platform = Platform(text) else {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a platform")
    }
    self = platform
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
