/// The platforms of one build, from which BuildKit sets its automatic arguments (`TARGETOS`,
/// `BUILDARCH`, …): a Dockerfile reads `FROM bin-$TARGETOS` differently for each job.
public struct BuildPlatforms: Sendable, Hashable {
  /// The platform the image is built for, `os/arch[/variant]`; nil when not known.
  public var target: String?
  /// The platform of the builder that runs the build; nil when not known.
  public var build: String?

  public init(target: String? = nil, build: String? = nil) {
    self.target = target
    self.build = build
  }

  /// `TARGETPLATFORM`, `TARGETOS`, `TARGETARCH`, `TARGETVARIANT` and the `BUILD…` four, for the known platforms.
  /// A platform without a variant gives an empty `…VARIANT`, as in BuildKit.
  var arguments: [String: String] {
    var values: [String: String] = [:]
    for (prefix, platform) in [("TARGET", target), ("BUILD", build)] {
      guard let platform else { continue }
      let parts = platform.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      values[prefix + "PLATFORM"] = platform
      values[prefix + "OS"] = parts[0]
      values[prefix + "ARCH"] = parts.count > 1 ? parts[1] : ""
      values[prefix + "VARIANT"] = parts.count > 2 ? parts[2] : ""
    }
    return values
  }
}
