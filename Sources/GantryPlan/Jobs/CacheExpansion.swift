import GantryCore
import GantryLoad

/// Expands a service's `cache:` setting into the builder options for one job (docs/ci.md#cache).
///
/// Each job gets a cache of its own, named after the service and the job's platforms, so per-platform
/// builds never overwrite each other's cache and an `arm64` build never starts from `amd64` layers.
/// The options are appended after any `cache_from`/`cache_to` written by hand.
enum CacheExpansion {
  /// `<image>:buildcache-linux-arm64`: the cache image of a service's registry cache.
  /// - Parameters:
  ///   - image: the service's image (its first tag); the tag or digest is replaced.
  ///   - platforms: the job's platforms (the builder's when the service names none); several are
  ///     joined with `_`, none (a builder whose platform is unknown) gives `buildcache`.
  static func registryRef(image: String, platforms: [Platform]) -> String {
    "\(repository(of: image)):\(tag(for: platforms))"
  }

  /// `buildcache`, `buildcache-linux-arm64`, `buildcache-linux-amd64_linux-arm64`.
  static func tag(for platforms: [Platform]) -> String {
    platforms.isEmpty ? "buildcache" : "buildcache-" + platforms.map(\.tagSuffix).joined(separator: "_")
  }

  /// `api`, `api-linux-arm64`: the scope of a GitHub Actions cache and the name of a local cache folder.
  static func scope(service: String, platforms: [Platform]) -> String {
    ([service] + platforms.map(\.tagSuffix)).joined(separator: "-")
  }

  /// The image name without its tag or digest.
  static func repository(of image: String) -> String {
    let name = image.split(separator: "@", maxSplits: 1).first.map(String.init) ?? image
    let slash = name.lastIndex(of: "/")
    if let colon = name.lastIndex(of: ":"), slash.map({ colon > $0 }) ?? true {
      return String(name[..<colon])
    }
    return name
  }

  /// Adds the cache options of `definition.cache` to `definition` (cache_from, cache_to, build args).
  /// - Parameters:
  ///   - image: the service's own image (not a per-platform tag), for the registry cache ref.
  static func apply(
    to definition: inout ServiceDefinition, image: String, platforms: [Platform], backend: Backend,
    diagnostics: inout DiagnosticCollector
  ) {
    guard let cache = definition.cache else { return }
    switch backend {
    case .buildx:
      let (from, to) = buildxOptions(
        cache.value, service: definition.name, image: image, builtImage: definition.allTags.first ?? image,
        platforms: platforms)
      definition.cacheFrom += from.filter { !definition.cacheFrom.contains($0) }
      definition.cacheTo += to.filter { !definition.cacheTo.contains($0) }
    case .docker:
      // `docker build` exports no cache; it can only read one from an image it pulls.
      guard cache.value == .inline else {
        diagnostics.warning(
          "service '\(definition.name)': cache: \(cache.value.rawValue) needs the buildx backend; the docker backend ignores it",
          at: cache.location, hint: "use cache: inline with the docker backend, or --backend buildx")
        return
      }
      let own = definition.allTags.first ?? image
      definition.args["BUILDKIT_INLINE_CACHE"] = "1"
      if !definition.cacheFrom.contains(own) { definition.cacheFrom.append(own) }
    case .command:
      diagnostics.warning(
        "service '\(definition.name)': the command backend does not pass cache: \(cache.value.rawValue)",
        at: cache.location, hint: "add the builder's own cache flags to backend.command, or use --backend buildx")
    }
  }

  /// The `--cache-from` and `--cache-to` values buildx documents for each cache type.
  static func buildxOptions(
    _ cache: CacheBackend, service: String, image: String, builtImage: String, platforms: [Platform]
  ) -> (from: [String], to: [String]) {
    switch cache {
    case .registry:
      let ref = registryRef(image: image, platforms: platforms)
      return (["type=registry,ref=\(ref)"], ["type=registry,ref=\(ref),mode=max"])
    case .gha:
      let scope = scope(service: service, platforms: platforms)
      return (["type=gha,scope=\(scope)"], ["type=gha,scope=\(scope),mode=max"])
    case .local:
      let folder = ".gantry/cache/" + scope(service: service, platforms: platforms)
      return (["type=local,src=\(folder)"], ["type=local,dest=\(folder),mode=max"])
    case .inline:
      // Inline cache has no max mode: only the final stage's layers travel with the image.
      return (["type=registry,ref=\(builtImage)"], ["type=inline"])
    }
  }
}
