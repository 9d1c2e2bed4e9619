import Foundation
import GantryCore
import GantryDockerfile
import GantryLoad

/// Options that shape a plan without changing the services.
public struct PlanOptions: Sendable {
  /// `command` fills in the project's `backend.command` template (an error when it has none).
  public var backend: Backend
  /// The client binary written as argv[0].
  public var client: String
  /// Services asked for; empty means all. Their dependencies are always included.
  public var selection: [String]
  /// Expected durations in seconds by job id (from earlier runs); unknown jobs count 1.
  public var durations: [String: Double]
  /// Where builds write image ids (`--iidfile`); nil leaves the option out (as `gantry plan` does).
  public var outputDirectory: String?
  /// `--platform`, `--push` and the default builder's platform.
  public var multiArch: MultiArchOptions

  public init(
    backend: Backend = .buildx, client: String = "docker", selection: [String] = [], durations: [String: Double] = [:],
    outputDirectory: String? = nil, multiArch: MultiArchOptions = MultiArchOptions()
  ) {
    self.backend = backend
    self.client = client
    self.selection = selection
    self.durations = durations
    self.outputDirectory = outputDirectory
    self.multiArch = multiArch
  }
}

/// Turns loaded services into a `Plan`. Pure: it reads Dockerfiles through `readFile` and starts no process.
public struct Planner: Sendable {
  /// Reads a Dockerfile's bytes: Dockerfiles need no particular encoding (BuildKit builds a Latin-1 one).
  public typealias FileReader = @Sendable (String) throws -> [UInt8]

  private let readFile: FileReader

  public init(readFile: @escaping FileReader = { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }) {
    self.readFile = readFile
  }

  /// The dependency graph of every service in the project, edges inferred from Dockerfiles included.
  /// - Parameters:
  ///   - platforms: `--platform`, for services that declare no platforms.
  ///   - hostPlatform: the platform of the implicit default builder.
  public func graph(
    for project: Project, platforms: [Platform]? = nil, hostPlatform: Platform = .host
  ) throws(DiagnosticsError) -> (graph: ServiceGraph, warnings: [Diagnostic]) {
    let analysed = try analysedGraph(for: project, platforms: platforms, hostPlatform: hostPlatform)
    return (analysed.graph, analysed.warnings)
  }

  /// The graph, and each service's analysed Dockerfile (for the emulation check).
  ///
  /// A Dockerfile is read once per platform its service builds (`PlatformVariants`); an edge found
  /// for only some of them holds only for their jobs.
  func analysedGraph(
    for project: Project, platforms: [Platform]?, hostPlatform: Platform
  ) throws(DiagnosticsError) -> (graph: ServiceGraph, warnings: [Diagnostic], dockerfiles: [String: Dockerfile]) {
    var diagnostics = DiagnosticCollector()
    diagnostics.append(contentsOf: project.warnings)
    var dockerfiles: [String: Dockerfile] = [:]
    var readings: [String: [DockerfileReading]] = [:]
    for service in project.services {
      let variants = PlatformVariants.of(
        service, builders: project.builders, requested: platforms, host: hostPlatform)
      let read = analyse(service, variants: variants, diagnostics: &diagnostics)
      if let first = read.first { dockerfiles[service.name] = first.dockerfile }
      readings[service.name] = read
    }
    let edges = EdgeInference.edges(for: project.services, readings: readings, diagnostics: &diagnostics)
    let graph = ServiceGraph(names: project.services.map(\.name), edges: edges)
    if let cycle = GraphAlgorithms.findCycle(from: graph.names, successors: graph.dependencies(of:)) {
      diagnostics.append(Self.cycleDiagnostic(cycle, graph: graph))
    }
    try diagnostics.throwIfErrors()
    return (graph, diagnostics.warnings, dockerfiles)
  }

  /// Plans the selected services and everything they need.
  public func plan(_ project: Project, options: PlanOptions = PlanOptions()) throws(DiagnosticsError) -> Plan {
    let (fullGraph, warnings, dockerfiles) = try analysedGraph(
      for: project, platforms: options.multiArch.platforms, hostPlatform: options.multiArch.hostPlatform)
    var diagnostics = DiagnosticCollector()
    diagnostics.append(contentsOf: warnings)
    let services = Dictionary(project.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    // A service whose image another service's job builds (`sharedBy`) selects that job.
    let sharing = Dictionary(
      project.services.flatMap { service in service.sharedBy.map { ($0, service.name) } },
      uniquingKeysWith: { first, _ in first })
    var graph = fullGraph.selecting(options.selection, aliases: sharing, diagnostics: &diagnostics)
    try diagnostics.throwIfErrors()
    let selected = PlatformSelection.apply(
      options.multiArch.platforms, services: graph.names.compactMap { services[$0] }, graph: graph,
      diagnostics: &diagnostics)
    graph = graph.restricted(to: Set(graph.names).subtracting(selected.dropped))
    let routing = BuilderRouting.make(
      project: project, backend: options.backend, hostPlatform: options.multiArch.hostPlatform,
      diagnostics: &diagnostics)
    if options.multiArch.push == true, options.backend != .buildx {
      diagnostics.error(
        "--push needs the buildx backend (the \(options.backend.rawValue) backend cannot push)", at: nil,
        hint: "use --backend buildx, or build without --push")
    }

    let template = try Self.template(for: options.backend, project: project)
    let builder = ArgvBuilder(
      backend: options.backend, client: options.client, root: project.root, outputDirectory: options.outputDirectory,
      template: template)
    let contextImages = Dictionary(
      uniqueKeysWithValues: project.services.compactMap { service in
        service.allTags.first.map { (service.name, $0) }
      })
    let splitting = JobSplitting(
      backend: options.backend, routing: routing, argvBuilder: builder, push: options.multiArch.push,
      contextImages: contextImages, allTags: services.mapValues(\.allTags), graph: graph, dockerfiles: dockerfiles,
      baseEnv: Self.environment(for: options.backend, template: template))
    var expanded: [String: ServiceJobs] = [:]
    for name in Self.anyOrder(graph) {
      guard let service = services[name] else { continue }
      SecretArgsCheck.warn(service, into: &diagnostics)
      if options.backend == .docker {
        Self.warnAboutDockerBackend(service, into: &diagnostics)
      }
      if let template {
        Self.warnAboutCommandBackend(service, template: template, into: &diagnostics)
      }
      expanded[name] = splitting.expand(
        service, platforms: selected.platforms[name] ?? service.platforms, earlier: expanded, diagnostics: &diagnostics)
    }
    try diagnostics.throwIfErrors()
    let jobs = Dictionary(
      expanded.values.flatMap(\.jobs).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let estimates = expanded.values.reduce(into: [String: Double]()) { $0.merge($1.weights) { a, _ in a } }
    let weights = jobs.keys.reduce(into: [String: Double]()) { $0[$1] = options.durations[$1] ?? estimates[$1] ?? 1 }
    let jobGraph = JobGraph(jobs: Array(jobs.values))
    let weight = { (id: String) in weights[id] ?? 1 }
    let remaining = GraphAlgorithms.remainingPathWeight(
      order: jobGraph.anyOrder, dependents: jobGraph.dependents(of:), weight: weight)
    let order: [String]
    let sorted = GraphAlgorithms.topologicalOrder(
      jobs.keys.sorted(), dependencies: jobGraph.dependencies(of:), priority: { remaining[$0] ?? 0 })
    switch sorted {
    case .success(let value): order = value
    case .failure(let cycle): throw DiagnosticsError([Self.cycleDiagnostic(cycle.path, graph: graph)])
    }
    let levels = GraphAlgorithms.levels(order: order, dependencies: jobGraph.dependencies(of:)).map { $0.sorted() }
    let critical = GraphAlgorithms.criticalPath(order: order, dependents: jobGraph.dependents(of:), weight: weight)
    var plan = Plan(
      root: project.root, backend: options.backend,
      jobs: order.compactMap { jobs[$0].map { Self.withServiceSettings($0, from: services[$0.service]) } },
      levels: levels,
      criticalPath: critical, warnings: diagnostics.warnings, builders: routing.builders)
    plan.weights = weights
    return plan
  }

  /// The job with what running and reporting it needs from its service: budgets, retry and
  /// timeout settings (its context and Dockerfile are in `source`), so nothing after planning goes
  /// back to the services.
  static func withServiceSettings(_ job: Job, from service: ServiceDefinition?) -> Job {
    guard let service else { return job }
    var job = job
    job.budgets = service.budgets
    job.run = service.run
    return job
  }

  /// What every build job needs in its environment on top of gantry's.
  static func environment(for backend: Backend, template: CommandTemplate?) -> [String: String] {
    switch backend {
    case .buildx: [:]
    case .docker: ["DOCKER_BUILDKIT": "1"]
    case .command: template?.env ?? [:]
    }
  }

  /// A topological order with no priorities, for computing the priorities themselves.
  static func anyOrder(_ graph: ServiceGraph) -> [String] {
    (try? GraphAlgorithms.topologicalOrder(graph.names.sorted(), dependencies: graph.dependencies(of:)).get()) ?? []
  }

  /// The service's Dockerfile read once per platform variant (empty when it has none or it cannot be
  /// read); problems found in several readings are reported once.
  func analyse(
    _ service: ServiceDefinition, variants: [BuildPlatforms], diagnostics: inout DiagnosticCollector
  ) -> [DockerfileReading] {
    let text: [UInt8]
    let display: String
    if let inline = service.dockerfileInline {
      text = Array(inline.utf8)
      display = "\(service.name) (dockerfile_inline)"
    } else if let path = service.dockerfile?.value {
      display = Paths.display(path)
      do {
        text = try readFile(path)
      } catch {
        diagnostics.error(
          "cannot read the Dockerfile of service '\(service.name)': \(display)", at: service.dockerfile?.location,
          hint: "check that the file exists and can be read")
        return []
      }
    } else {
      return []
    }
    if text.contains(0) {
      diagnostics.error(
        "the Dockerfile of service '\(service.name)' is binary (it contains NUL bytes)",
        at: SourceLocation(file: display, line: 1), hint: "point dockerfile: at a text file")
      return []
    }
    var seen: Set<Diagnostic> = []
    return variants.map { platforms in
      let dockerfile = DockerfileParser.parse(
        bytes: text, file: display, buildArgs: service.args, target: service.target, platforms: platforms)
      for diagnostic in dockerfile.diagnostics where seen.insert(diagnostic).inserted {
        diagnostics.append(diagnostic)
      }
      return DockerfileReading(platforms: platforms, dockerfile: dockerfile)
    }
  }

  /// `api -> lib -> api`, with where each edge was written.
  static func cycleDiagnostic(_ cycle: [String], graph: ServiceGraph) -> Diagnostic {
    var origins: [String] = []
    for (service, dependency) in zip(cycle, cycle.dropFirst()) {
      for edge in graph.edges(from: service, to: dependency) {
        let place = edge.location.map { " at \($0)" } ?? ""
        origins.append("\(service) -> \(dependency): \(edge.label)\(place)")
      }
    }
    let first = cycle.count > 1 ? graph.edges(from: cycle[0], to: cycle[1]).first?.location : nil
    return .error(
      "dependency cycle: \(cycle.joined(separator: " -> "))", at: first,
      hint: "break the cycle; its edges come from:\n      " + origins.joined(separator: "\n      "))
  }

  /// The manifest's template when planning for the `command` backend; an error when there is none.
  static func template(for backend: Backend, project: Project) throws(DiagnosticsError) -> CommandTemplate? {
    guard backend == .command else { return nil }
    if let template = project.backend?.value.template { return template }
    let file = project.files.first.map(Paths.display) ?? "gantry.yml"
    let fromCompose = project.services.contains { $0.origin == .compose }
    let hint =
      fromCompose
      ? "compose files have no backend setting: write a gantry.yml with backend: {command: [...]}, or use --backend buildx"
      : "add to \(file):\n      backend:\n        command: [podman, build, '{tag-flags}', -f, '{dockerfile}', '{context}']"
    throw DiagnosticsError([
      .error(
        "the command backend needs a command template (backend.command in the manifest), and \(file) has none", at: nil,
        hint: hint)
    ])
  }

  /// The template carries only what its placeholders say: name what a service sets that it drops.
  static func warnAboutCommandBackend(
    _ service: ServiceDefinition, template: CommandTemplate, into diagnostics: inout DiagnosticCollector
  ) {
    var dropped: [String] = []
    if !service.args.isEmpty, !template.uses(.buildArgFlags) { dropped.append("args (no {build-arg-flags})") }
    if !service.labels.isEmpty, !template.uses(.labelFlags) { dropped.append("labels (no {label-flags})") }
    if service.target != nil, !template.uses(.target), !template.uses(.targetFlags) {
      dropped.append("target (no {target} or {target-flags})")
    }
    if !service.platforms.isEmpty, !template.uses(.platforms), !template.uses(.platformFlags) {
      dropped.append("platforms (no {platforms} or {platform-flags})")
    }
    if service.allTags.count > 1, !template.uses(.tagFlags) { dropped.append("tags after the first (no {tag-flags})") }
    let unsupported: [(String, Bool)] = [
      ("cache_from", !service.cacheFrom.isEmpty), ("cache_to", !service.cacheTo.isEmpty),
      ("additional_contexts", !service.additionalContexts.isEmpty), ("network", service.network != nil),
      ("secrets", !service.secrets.isEmpty), ("ssh", !service.ssh.isEmpty),
    ]
    dropped += unsupported.filter(\.1).map(\.0)
    guard !dropped.isEmpty else { return }
    diagnostics.warning(
      "service '\(service.name)': the command backend does not pass \(dropped.joined(separator: ", "))",
      at: service.location,
      hint: "add the placeholders or the builder's own flags to backend.command, or use --backend buildx")
  }

  /// The classic builder has no cache export and no named contexts: say what is dropped.
  static func warnAboutDockerBackend(_ service: ServiceDefinition, into diagnostics: inout DiagnosticCollector) {
    if !service.cacheTo.isEmpty {
      diagnostics.warning(
        "service '\(service.name)': cache_to is ignored by the docker backend", at: service.location,
        hint: "use --backend buildx to export build cache")
    }
    if !service.additionalContexts.isEmpty {
      diagnostics.warning(
        "service '\(service.name)': additional_contexts are ignored by the docker backend", at: service.location,
        hint: "use --backend buildx, or FROM the other service's image instead")
    }
  }
}
