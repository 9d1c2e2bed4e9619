import GantryCore

/// A value with the place in the input where it was written, so later checks can point at it.
public struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
  public var value: Value
  public var location: SourceLocation?

  public init(_ value: Value, at location: SourceLocation?) {
    self.value = value
    self.location = location
  }
}

/// One buildable service, read from `gantry.yml` or a compose file. Paths are absolute.
public struct ServiceDefinition: Hashable, Sendable {
  public var name: String
  /// Where the service is declared (its key in the services mapping).
  public var location: SourceLocation?
  /// The build context folder, absolute.
  public var context: Located<String>
  /// The Dockerfile, absolute; nil when `dockerfileInline` is set.
  public var dockerfile: Located<String>?
  /// A Dockerfile given inline (compose `dockerfile_inline`).
  public var dockerfileInline: String?
  /// The tag gantry gives the image (compose `image:`); extra tags come from `tags`.
  public var image: Located<String>?
  public var tags: [Located<String>]
  /// Explicit build dependencies (`needs`), each where it was written.
  public var needs: [Located<String>]
  public var args: [String: String]
  public var target: String?
  /// Parsed where they were read; a platform written twice counts once.
  public var platforms: [Platform]
  public var labels: [String: String]
  public var cacheFrom: [String]
  public var cacheTo: [String]
  /// `cache:`: the cache backend the planner expands into more `--cache-from`/`--cache-to` options.
  public var cache: Located<CacheBackend>? = nil
  /// Named build contexts: name → `service:NAME`, `docker-image://…`, a path or URL.
  public var additionalContexts: [String: Located<String>]
  public var network: String?
  public var secrets: [BuildSecret]
  public var ssh: [String]
  /// Retries and timeout of this service's builds.
  public var run: RunSettings
  /// `max_duration` and `max_image_size` (docs/report.md#budgets).
  public var budgets: Budgets = Budgets()
  /// Toolchain, split, per-platform arguments and push (docs/multi-arch.md).
  public var multiArch: MultiArchSettings
  /// Set when the service comes from a compose file and `pull_policy: build` or similar is irrelevant: kept for messages.
  public var origin: Origin
  /// Other compose services that run this very image with an identical build definition (often written once
  /// through a YAML anchor): compose builds the image once, so gantry plans one job naming all of them.
  public var sharedBy: [String] = []

  public enum Origin: String, Hashable, Sendable, Codable {
    case manifest, compose
  }

  public init(
    name: String, location: SourceLocation?, context: Located<String>, dockerfile: Located<String>?,
    origin: Origin
  ) {
    self.name = name
    self.location = location
    self.context = context
    self.dockerfile = dockerfile
    self.dockerfileInline = nil
    self.image = nil
    self.tags = []
    self.needs = []
    self.args = [:]
    self.target = nil
    self.platforms = []
    self.labels = [:]
    self.cacheFrom = []
    self.cacheTo = []
    self.additionalContexts = [:]
    self.network = nil
    self.secrets = []
    self.ssh = []
    self.run = RunSettings()
    self.multiArch = MultiArchSettings()
    self.origin = origin
  }

  /// Every tag the image gets, `image` first.
  public var allTags: [String] {
    var result: [String] = []
    for tag in [image].compactMap({ $0 }) + tags where !result.contains(tag.value) {
      result.append(tag.value)
    }
    return result
  }
}

/// A build secret: passed to the builder with `--secret`, never as a build argument.
public struct BuildSecret: Hashable, Sendable {
  public enum Source: Hashable, Sendable {
    /// A file, absolute path.
    case file(String)
    /// An environment variable of gantry's own environment.
    case environment(String)
  }

  public var id: String
  public var source: Source
  /// For an environment secret whose variable is set only in an env file (`.env`, `--env-file`): its value,
  /// which the job passes in the builder's environment (never in argv, logs or reports).
  public var value: String?

  public init(id: String, source: Source, value: String? = nil) {
    self.id = id
    self.source = source
    self.value = value
  }
}

/// Everything loaded from the service definitions of one repository.
public struct Project: Hashable, Sendable {
  /// The folder the manifest lives in: paths are relative to it, builds run in it.
  public var root: String
  /// The files read, in order (one for gantry.yml, one or more compose files).
  public var files: [String]
  public var services: [ServiceDefinition]
  /// Problems that do not stop planning.
  public var warnings: [Diagnostic]
  /// The manifest's `backend:` setting, where it was written; nil when absent (always for compose).
  public var backend: Located<BackendSetting>?
  /// The manifest's `builders:` section, in the order written; empty when absent (always for compose).
  public var builders: [BuilderDefinition]
  /// The manifest's `history_limit:` (runs kept in `.gantry/history.jsonl`); nil when absent.
  public var historyLimit: Int?

  public init(
    root: String, files: [String], services: [ServiceDefinition], warnings: [Diagnostic] = [],
    backend: Located<BackendSetting>? = nil, builders: [BuilderDefinition] = []
  ) {
    self.root = root
    self.files = files
    self.services = services
    self.warnings = warnings
    self.backend = backend
    self.builders = builders
  }

  public func service(named name: String) -> ServiceDefinition? {
    services.first { $0.name == name }
  }
}
