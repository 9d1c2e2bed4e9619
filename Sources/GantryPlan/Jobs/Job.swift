import GantryCore
import GantryLoad

/// One builder invocation: what to run, in which environment, after which other jobs.
public struct Job: Hashable, Sendable, Codable {
  /// Unique in a plan; for now the service name (per-platform jobs will add `@platform`).
  public var id: String
  public var service: String
  public var platforms: [String]
  /// Ids of the jobs that must have succeeded first, sorted.
  public var deps: [String]
  /// The exact command, argv[0] first; paths are relative to the plan's root folder, where it runs.
  public var argv: [String]
  /// Variables the job needs in its environment on top of gantry's own.
  public var env: [String: String]
  /// Every tag the image gets; the first is the one other jobs refer to.
  public var tags: [String]
  /// Text fed to the command's standard input (a compose `dockerfile_inline`, passed as `-f -`).
  public var stdin: String?

  public init(
    id: String, service: String, platforms: [String], deps: [String], argv: [String], env: [String: String],
    tags: [String], stdin: String? = nil
  ) {
    self.id = id
    self.service = service
    self.platforms = platforms
    self.deps = deps
    self.argv = argv
    self.env = env
    self.tags = tags
    self.stdin = stdin
  }

  enum CodingKeys: String, CodingKey {
    case id, service, platforms, deps, argv, env, tags, stdin
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

  public var order: [String] { jobs.map(\.id) }

  public init(root: String, backend: Backend, jobs: [Job], levels: [[String]], criticalPath: [String], warnings: [Diagnostic]) {
    self.root = root
    self.backend = backend
    self.jobs = jobs
    self.levels = levels
    self.criticalPath = criticalPath
    self.warnings = warnings
  }

  public func job(_ id: String) -> Job? { jobs.first { $0.id == id } }

  enum CodingKeys: String, CodingKey {
    case backend, jobs, order, parallel_levels, critical_path
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(backend, forKey: .backend)
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
  }
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
