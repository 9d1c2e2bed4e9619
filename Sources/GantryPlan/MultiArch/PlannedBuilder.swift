import GantryCore
import GantryLoad

/// A builder as the plan uses it: the platforms it runs natively, its limit, how to reach it.
public struct PlannedBuilder: Hashable, Sendable, Codable {
  /// The name of the one builder there is when the manifest has no `builders:` section.
  public static let defaultName = "default"

  public var name: String
  /// Platforms it runs natively.
  public var platforms: [Platform]
  /// Builds at once at most; nil: only the global `--jobs` limit.
  public var concurrency: Int?
  /// nil: gantry's own environment.
  public var endpoint: BuilderEndpoint?
  /// The builder that takes the jobs no builder runs natively.
  public var isDefault: Bool

  public init(
    name: String, platforms: [Platform], concurrency: Int? = nil, endpoint: BuilderEndpoint? = nil,
    isDefault: Bool = false
  ) {
    self.name = name
    self.platforms = platforms
    self.concurrency = concurrency
    self.endpoint = endpoint
    self.isDefault = isDefault
  }

  /// The builder used without a `builders:` section: gantry's own engine, assumed to run the
  /// platform of the machine gantry runs on, limited by `--jobs` only.
  public static func implicitDefault(platform: Platform = .host) -> PlannedBuilder {
    PlannedBuilder(name: defaultName, platforms: [platform], isDefault: true)
  }

  /// True when it runs `platform` without emulation.
  public func runsNatively(_ platform: Platform) -> Bool {
    platforms.contains { $0.runsNatively(platform) }
  }

  /// Which image store the builder's loaded images land in: builders with the same store share
  /// images; between different stores images are copied (`docker save` | `docker load`).
  ///
  /// A buildx builder loads into the engine of gantry's own environment (`--load` sends the result
  /// to the client's engine), as does a builder with no endpoint.
  public var imageStore: String {
    switch endpoint {
    case .dockerHost(let url): "docker_host=\(url)"
    case .dockerContext(let name): "docker_context=\(name)"
    case .buildxBuilder, nil: "local"
    }
  }

  /// The endpoint in words: `DOCKER_HOST=unix:///…`, `--context arm`, `--builder arm`, or `gantry's environment`.
  public var endpointText: String {
    switch endpoint {
    case .dockerHost(let url): "DOCKER_HOST=\(url)"
    case .dockerContext(let name): "--context \(name)"
    case .buildxBuilder(let name): "--builder \(name)"
    case nil: "gantry's environment"
    }
  }

  enum CodingKeys: String, CodingKey {
    case name, platforms, concurrency, docker_host, docker_context, buildx_builder, `default`
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(platforms, forKey: .platforms)
    try container.encodeIfPresent(concurrency, forKey: .concurrency)
    switch endpoint {
    case .dockerHost(let url): try container.encode(url, forKey: .docker_host)
    case .dockerContext(let name): try container.encode(name, forKey: .docker_context)
    case .buildxBuilder(let name): try container.encode(name, forKey: .buildx_builder)
    case nil: break
    }
    try container.encode(isDefault, forKey: .default)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    platforms = try container.decode([Platform].self, forKey: .platforms)
    concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency)
    isDefault = try container.decodeIfPresent(Bool.self, forKey: .default) ?? false
    if let url = try container.decodeIfPresent(String.self, forKey: .docker_host) {
      endpoint = .dockerHost(url)
    } else if let name = try container.decodeIfPresent(String.self, forKey: .docker_context) {
      endpoint = .dockerContext(name)
    } else if let name = try container.decodeIfPresent(String.self, forKey: .buildx_builder) {
      endpoint = .buildxBuilder(name)
    } else {
      endpoint = nil
    }
  }
}

extension Plan {
  /// Each builder's `concurrency`, for the run's slot pool.
  public var builderLimits: [String: Int] {
    Dictionary(
      builders.compactMap { builder in builder.concurrency.map { (builder.name, $0) } }, uniquingKeysWith: { a, _ in a }
    )
  }
}
