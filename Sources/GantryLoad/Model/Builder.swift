import GantryCore

/// How gantry reaches a builder: one of the three keys of a `builders:` entry.
public enum BuilderEndpoint: Hashable, Sendable {
  /// `docker_host: URL`: the job runs with `DOCKER_HOST=URL` in its environment.
  case dockerHost(String)
  /// `docker_context: NAME`: the client is run as `docker --context NAME …`.
  case dockerContext(String)
  /// `buildx_builder: NAME`: the build is run as `docker buildx build --builder NAME …`.
  case buildxBuilder(String)
}

/// One entry of the manifest's `builders:` section: a machine (or engine) that runs some platforms
/// natively, with its own concurrency limit.
public struct BuilderDefinition: Hashable, Sendable {
  public var name: String
  /// Where the entry's key was written.
  public var location: SourceLocation?
  /// The platforms it runs without emulation, as written (`linux/arm64`).
  public var platforms: [Platform]
  /// Builds it runs at once at most; nil means only the global `--jobs` limit applies.
  public var concurrency: Int?
  /// How to reach it; nil means gantry's own environment (its `DOCKER_HOST` or current context).
  public var endpoint: BuilderEndpoint?
  /// `default: true`: the builder that takes jobs no builder runs natively.
  public var isDefault: Bool

  public init(
    name: String, location: SourceLocation? = nil, platforms: [Platform], concurrency: Int? = nil,
    endpoint: BuilderEndpoint? = nil, isDefault: Bool = false
  ) {
    self.name = name
    self.location = location
    self.platforms = platforms
    self.concurrency = concurrency
    self.endpoint = endpoint
    self.isDefault = isDefault
  }
}
