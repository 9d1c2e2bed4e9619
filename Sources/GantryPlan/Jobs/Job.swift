import GantryCore
import GantryLoad

/// One builder invocation: what to run, in which environment, after which other jobs.
public struct Job: Hashable, Sendable, Codable {
  /// What a job does.
  public enum Kind: String, Hashable, Sendable, Codable {
    /// Builds an image (one platform, or several in one invocation).
    case build
    /// Creates a multi-platform manifest list from pushed per-platform images.
    case manifest
  }

  /// Unique in a plan: the service name, or `service@os/arch[/variant]` for a per-platform job
  /// (docs/multi-arch.md). A service's final job always has the service's name, unless the service
  /// is split and not pushed (then every per-platform job is final for its platform).
  public var id: String
  public var service: String
  /// Every service the job builds the image of: `service` first, then the compose services sharing its
  /// image and build definition (`ServiceDefinition.sharedBy`). In the JSON form only when more than one.
  public var services: [String]
  public var platforms: [Platform]
  /// Ids of the jobs that must have succeeded first, sorted.
  public var deps: [String]
  /// The command, as parts; `argv` and `env` are what runs.
  public var invocation: Invocation
  /// Variables the job needs besides its endpoint's (`DOCKER_BUILDKIT`, a template's `env`, secrets).
  public var baseEnv: [String: String]

  /// The exact command, argv[0] first; paths are relative to the plan's root folder, where it runs.
  /// Setting it replaces the command with one used as written (a redacted copy for display).
  public var argv: [String] {
    get { invocation.argv }
    set {
      let env = self.env
      invocation = Invocation(verbatim: newValue)
      baseEnv = env
    }
  }

  /// Variables the job needs in its environment on top of gantry's own, its endpoint's included.
  public var env: [String: String] {
    get { baseEnv.merging(invocation.environment) { _, endpoint in endpoint } }
    set { baseEnv = newValue }
  }

  /// Every tag the image gets; the first is the one other jobs refer to.
  public var tags: [String]
  /// Text fed to the command's standard input (a compose `dockerfile_inline`, passed as `-f -`).
  public var stdin: String?
  public var kind: Kind
  /// The builder the plan prefers, whose endpoint `argv` and `env` hold; at run time the job may go
  /// to any of `candidates` (the least loaded with a free slot), and its endpoint is rewritten then.
  public var builder: String
  /// The builders that may run the job: those running its platforms natively, else the default builder.
  public var candidates: [String]
  /// True when the builder does not run the job's platform natively (QEMU emulation, or
  /// cross-compilation when the Dockerfile's build stages use `--platform=$BUILDPLATFORM`).
  public var emulated: Bool
  /// True when the image ends up in the builder's image store (`--load`, or the docker backend), where
  /// dependents (or an image copy to another builder) find it.
  public var loads: Bool
  /// The service's `max_duration` and `max_image_size`. Not part of the JSON form.
  public var budgets = Budgets()
  /// The service's retry, timeout and stall settings. Not part of the JSON form.
  public var run = RunSettings()
  /// What a build job reads besides its command (nil for a manifest list). Not part of the JSON form.
  public var source: JobSource?

  public init(
    id: String, service: String, platforms: [Platform], deps: [String], argv: [String], env: [String: String],
    tags: [String], stdin: String? = nil, kind: Kind = .build, builder: String = PlannedBuilder.defaultName,
    candidates: [String]? = nil, emulated: Bool = false, loads: Bool = true, services: [String]? = nil
  ) {
    self.id = id
    self.service = service
    self.services = services ?? [service]
    self.platforms = platforms
    self.deps = deps
    self.invocation = Invocation(verbatim: argv)
    self.baseEnv = env
    self.tags = tags
    self.stdin = stdin
    self.kind = kind
    self.builder = builder
    self.candidates = candidates ?? [builder]
    self.emulated = emulated
    self.loads = loads
  }

  enum CodingKeys: String, CodingKey {
    case id, service, services, platforms, deps, argv, env, tags, stdin, kind, builder, candidates, emulated, loads
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(service, forKey: .service)
    if services.count > 1 { try container.encode(services, forKey: .services) }
    try container.encode(platforms, forKey: .platforms)
    try container.encode(deps, forKey: .deps)
    try container.encode(argv, forKey: .argv)
    try container.encode(env, forKey: .env)
    try container.encode(tags, forKey: .tags)
    try container.encodeIfPresent(stdin, forKey: .stdin)
    try container.encode(kind, forKey: .kind)
    try container.encode(builder, forKey: .builder)
    try container.encode(candidates, forKey: .candidates)
    try container.encode(emulated, forKey: .emulated)
    try container.encode(loads, forKey: .loads)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      id: try container.decode(String.self, forKey: .id), service: try container.decode(String.self, forKey: .service),
      platforms: try container.decode([Platform].self, forKey: .platforms),
      deps: try container.decode([String].self, forKey: .deps),
      argv: try container.decode([String].self, forKey: .argv),
      env: try container.decode([String: String].self, forKey: .env),
      tags: try container.decode([String].self, forKey: .tags),
      stdin: try container.decodeIfPresent(String.self, forKey: .stdin),
      kind: try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .build,
      builder: try container.decodeIfPresent(String.self, forKey: .builder) ?? PlannedBuilder.defaultName,
      candidates: try container.decodeIfPresent([String].self, forKey: .candidates),
      emulated: try container.decodeIfPresent(Bool.self, forKey: .emulated) ?? false,
      loads: try container.decodeIfPresent(Bool.self, forKey: .loads) ?? true,
      services: try container.decodeIfPresent([String].self, forKey: .services))
  }
}

/// Everything needed to run a build, decided before anything runs: jobs in a valid order, what can run
/// together, the critical path.
public struct Plan: Hashable, Sendable, Codable {
  /// The folder jobs run in (the manifest's folder). Not part of the JSON form, which stays machine-independent.
  public var root: String
  public var backend: Backend
  /// Jobs in a valid order: every job after its dependencies, longest remaining path first among equals.
  public var jobs: [Job]
  /// Groups of jobs with no dependency between them, by depth: level 0 needs nothing.
  public var levels: [[String]]
  /// The chain of dependent jobs with the largest estimated total duration.
  public var criticalPath: [String]
  /// Problems that did not stop planning.
  public var warnings: [Diagnostic]
  /// The builders jobs run on (one, `default`, when the manifest has no `builders:` section).
  public var builders: [PlannedBuilder]
  /// The expected duration the plan gave each job (earlier runs, else 1, or 5 for a build whose
  /// steps run under emulation); the run's priorities use the same. Not part of the JSON form.
  public var weights: [String: Double] = [:]
  /// Where each job was when the plan was made: `job(_:)` in constant time for plans of thousands
  /// of jobs (checked on use, so a plan whose jobs were reordered since is still answered right).
  private var index = JobIndex()

  public var order: [String] { jobs.map(\.id) }

  public init(
    root: String, backend: Backend, jobs: [Job], levels: [[String]], criticalPath: [String], warnings: [Diagnostic],
    builders: [PlannedBuilder] = [PlannedBuilder.implicitDefault()]
  ) {
    self.root = root
    self.backend = backend
    self.jobs = jobs
    self.levels = levels
    self.criticalPath = criticalPath
    self.warnings = warnings
    self.builders = builders
    self.index = JobIndex(jobs)
  }

  public func builder(_ name: String) -> PlannedBuilder? { builders.first { $0.name == name } }

  public func job(_ id: String) -> Job? {
    if let position = index.positions[id], position < jobs.count, jobs[position].id == id { return jobs[position] }
    return jobs.first { $0.id == id }
  }

  enum CodingKeys: String, CodingKey {
    case backend, builders, jobs, order, parallel_levels, critical_path
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(backend, forKey: .backend)
    try container.encode(builders, forKey: .builders)
    try container.encode(jobs, forKey: .jobs)
    try container.encode(order, forKey: .order)
    try container.encode(levels, forKey: .parallel_levels)
    try container.encode(criticalPath, forKey: .critical_path)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.root = "."
    self.backend = try container.decode(Backend.self, forKey: .backend)
    self.jobs = try container.decode([Job].self, forKey: .jobs)
    self.levels = try container.decode([[String]].self, forKey: .parallel_levels)
    self.criticalPath = try container.decode([String].self, forKey: .critical_path)
    self.warnings = []
    self.builders =
      try container.decodeIfPresent([PlannedBuilder].self, forKey: .builders) ?? [PlannedBuilder.implicitDefault()]
    self.index = JobIndex(jobs)
  }
}

/// Job positions by id: a lookup aid, not part of what a plan is (plans compare without it).
struct JobIndex: Hashable, Sendable {
  var positions: [String: Int] = [:]

  init() {}

  init(_ jobs: [Job]) {
    for (position, job) in jobs.enumerated() where positions[job.id] == nil { positions[job.id] = position }
  }

  static func == (lhs: JobIndex, rhs: JobIndex) -> Bool { true }
  func hash(into hasher: inout Hasher) {}
}

extension Diagnostic: Codable {
  enum CodingKeys: String, CodingKey { case severity, message, hint, file, line, column }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(severity, forKey: .severity)
    try container.encode(message, forKey: .message)
    try container.encodeIfPresent(hint, forKey: .hint)
    try container.encodeIfPresent(location?.file, forKey: .file)
    try container.encodeIfPresent(location?.line, forKey: .line)
    try container.encodeIfPresent(location?.column, forKey: .column)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let file = try container.decodeIfPresent(String.self, forKey: .file)
    let line = try container.decodeIfPresent(Int.self, forKey: .line)
    let column = try container.decodeIfPresent(Int.self, forKey: .column)
    self.init(
      try container.decode(Severity.self, forKey: .severity), try container.decode(String.self, forKey: .message),
      at: file.map { SourceLocation(file: $0, line: line ?? 1, column: column ?? 1) },
      hint: try container.decodeIfPresent(String.self, forKey: .hint))
  }
}
