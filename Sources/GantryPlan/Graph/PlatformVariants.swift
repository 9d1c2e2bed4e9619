import GantryCore
import GantryDockerfile
import GantryLoad

/// The platforms a service's Dockerfile is read for. BuildKit sets `TARGETOS`, `BUILDARCH` and the
/// rest from the job's target platform and its builder's platform, so `FROM bin-$TARGETOS` or
/// `FROM base:${TARGETARCH}` names a different stage or image for each platform a service builds.
enum PlatformVariants {
  /// One entry per target platform the service may build and builder platform it may run on.
  ///
  /// - Parameters:
  ///   - requested: `--platform`, which gives its platforms to services that declare none.
  ///   - host: the platform of the implicit default builder (when the project lists no builders).
  static func of(
    _ service: ServiceDefinition, builders: [BuilderDefinition], requested: [Platform]?, host: Platform
  ) -> [BuildPlatforms] {
    let declared = service.platforms.isEmpty ? (requested ?? []) : service.platforms
    var targets: [Platform] = []
    for platform in declared where !targets.contains(platform) { targets.append(platform) }
    let defaultPlatform = Self.defaultPlatform(builders: builders, host: host)
    // A build without --platform targets the platform of the builder it runs on: the default one.
    if targets.isEmpty { targets = [defaultPlatform] }
    var variants: [BuildPlatforms] = []
    for target in targets {
      for build in buildPlatforms(for: target, builders: builders, defaultPlatform: defaultPlatform) {
        let variant = BuildPlatforms(target: target.description, build: build.description)
        if !variants.contains(variant) { variants.append(variant) }
      }
    }
    return variants
  }

  /// The platform of the builder that takes jobs no builder runs natively.
  static func defaultPlatform(builders: [BuilderDefinition], host: Platform) -> Platform {
    let builder = builders.first(where: \.isDefault) ?? builders.first
    return builder?.platforms.first ?? host
  }

  /// The platforms of the builders a build for `target` may run on (docs/multi-arch.md): those that
  /// run it natively, otherwise the default builder.
  private static func buildPlatforms(
    for target: Platform, builders: [BuilderDefinition], defaultPlatform: Platform
  ) -> [Platform] {
    var result: [Platform] = []
    for builder in builders {
      let platforms = builder.platforms
      guard platforms.contains(where: { $0.runsNatively(target) }), let first = platforms.first else { continue }
      if !result.contains(first) { result.append(first) }
    }
    return result.isEmpty ? [defaultPlatform] : result
  }
}

/// A service's Dockerfile as read for one platform variant.
struct DockerfileReading {
  var platforms: BuildPlatforms
  var dockerfile: Dockerfile
}
