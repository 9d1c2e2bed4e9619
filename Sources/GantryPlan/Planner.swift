import Foundation
import GantryCore
import GantryDockerfile
import GantryLoad

/// Options that shape a plan without changing the services.
public struct PlanOptions: Sendable {
  public var backend: Backend
  /// The client binary written as argv[0].
  public var client: String
  /// Services asked for; empty means all. Their dependencies are always included.
  public var selection: [String]
  /// Expected durations in seconds by job id (from earlier runs); unknown jobs count 1.
  public var durations: [String: Double]
  /// Where builds write image ids (`--iidfile`); nil leaves the option out (as `gantry plan` does).
  public var outputDirectory: String?

  public init(
    backend: Backend = .buildx, client: String = "docker", selection: [String] = [], durations: [String: Double] = [:],
    outputDirectory: String? = nil
  ) {
    self.backend = backend
    self.client = client
    self.selection = selection
    self.durations = durations
    self.outputDirectory = outputDirectory
  }
}

/// Turns loaded services into a `Plan`. Pure: it reads Dockerfiles through `readFile` and starts no process.
public struct Planner: Sendable {
  public typealias FileReader = @Sendable (String) throws -> String

  private let readFile: FileReader

  public init(readFile: @escaping FileReader = { try String(contentsOfFile: $0, encoding: .utf8) }) {
    self.readFile = readFile
  }

  /// The dependency graph of every service in the project, edges inferred from Dockerfiles included.
  public func graph(for project: Project) throws(DiagnosticsError) -> (graph: ServiceGraph, warnings: [Diagnostic]) {
    var diagnostics = DiagnosticCollector()
    diagnostics.append(contentsOf: project.warnings)
    var dockerfiles: [String: Dockerfile] = [:]
    for service in project.services {
      if let dockerfile = analyse(service, diagnostics: &diagnostics) { dockerfiles[service.name] = dockerfile }
    }
    let edges = EdgeInference.edges(for: project.services, dockerfiles: dockerfiles, diagnostics: &diagnostics)
    let graph = ServiceGraph(names: project.services.map(\.name), edges: edges)
    if let cycle = GraphAlgorithms.findCycle(from: graph.names, successors: graph.dependencies(of:)) {
      diagnostics.append(Self.cycleDiagnostic(cycle, graph: graph))
    }
    try diagnostics.throwIfErrors()
    return (graph, diagnostics.warnings)
  }

  /// Plans the selected services and everything they need.
  public func plan(_ project: Project, options: PlanOptions = PlanOptions()) throws(DiagnosticsError) -> Plan {
    let (fullGraph, warnings) = try graph(for: project)
    var diagnostics = DiagnosticCollector()
    diagnostics.append(contentsOf: warnings)
    let services = Dictionary(project.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for name in options.selection where services[name] == nil {
      diagnostics.error(
        "no service named '\(name)'", at: nil,
        hint: Suggestion.hint(for: name, in: fullGraph.names, noun: "services"))
    }
    try diagnostics.throwIfErrors()
    let graph = options.selection.isEmpty ? fullGraph : fullGraph.restricted(to: fullGraph.closure(of: options.selection))

    let builder = ArgvBuilder(
      backend: options.backend, client: options.client, root: project.root, outputDirectory: options.outputDirectory)
    let contextImages = Dictionary(uniqueKeysWithValues: project.services.compactMap { service in
      service.allTags.first.map { (service.name, $0) }
    })
    var jobs: [String: Job] = [:]
    for name in graph.names {
      guard let service = services[name] else { continue }
      if options.backend == .docker {
        Self.warnAboutDockerBackend(service, into: &diagnostics)
      }
      jobs[name] = Job(
        id: name, service: name, platforms: service.platforms, deps: graph.dependencies(of: name),
        argv: builder.argv(for: service, jobID: name, contextImages: contextImages),
        env: options.backend == .docker ? ["DOCKER_BUILDKIT": "1"] : [:],
        tags: service.allTags, stdin: service.dockerfileInline)
    }
    let weight = { (id: String) in options.durations[id] ?? 1 }
    let remaining = GraphAlgorithms.remainingPathWeight(
      order: Self.anyOrder(graph), dependents: graph.dependents(of:), weight: weight)
    let order: [String]
    switch GraphAlgorithms.topologicalOrder(graph.names.sorted(), dependencies: graph.dependencies(of:), priority: { remaining[$0] ?? 0 }) {
    case .success(let value): order = value
    case .failure(let cycle): throw DiagnosticsError([Self.cycleDiagnostic(cycle.path, graph: graph)])
    }
    let levels = GraphAlgorithms.levels(order: order, dependencies: graph.dependencies(of:)).map { $0.sorted() }
    let critical = GraphAlgorithms.criticalPath(order: order, dependents: graph.dependents(of:), weight: weight)
    return Plan(
      root: project.root, backend: options.backend, jobs: order.compactMap { jobs[$0] }, levels: levels,
      criticalPath: critical, warnings: diagnostics.warnings)
  }

  /// A topological order with no priorities, for computing the priorities themselves.
  static func anyOrder(_ graph: ServiceGraph) -> [String] {
    (try? GraphAlgorithms.topologicalOrder(graph.names.sorted(), dependencies: graph.dependencies(of:)).get()) ?? []
  }

  func analyse(_ service: ServiceDefinition, diagnostics: inout DiagnosticCollector) -> Dockerfile? {
    let text: String
    let display: String
    if let inline = service.dockerfileInline {
      text = inline
      display = "\(service.name) (dockerfile_inline)"
    } else if let path = service.dockerfile?.value {
      display = Paths.display(path)
      do {
        text = try readFile(path)
      } catch {
        diagnostics.error(
          "cannot read the Dockerfile of service '\(service.name)': \(display)", at: service.dockerfile?.location,
          hint: "check that the file exists and is readable UTF-8 text")
        return nil
      }
    } else {
      return nil
    }
    let dockerfile = DockerfileParser.parse(text, file: display, buildArgs: service.args)
    diagnostics.append(contentsOf: dockerfile.diagnostics)
    return dockerfile
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
