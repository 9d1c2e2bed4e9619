import ArgumentParser
import GantryCore
import GantryLoad
import GantryPlan

extension PlanRenderer.Format: ExpressibleByArgument {}
extension GraphRenderer.Format: ExpressibleByArgument {}

/// `gantry plan`: what would run, in which order, with which exact commands. Starts no process.
struct PlanCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Show the jobs, their dependencies, what can run in parallel and the exact builder commands.",
    discussion: """
      Planning reads the service definitions and Dockerfiles only: nothing
      is built and no process starts.

      Examples:
        gantry plan                      every service
        gantry plan api web              api and web, and what they need
        gantry plan --format json        jobs, order, parallel_levels,
                                         critical_path as JSON
        gantry plan --backend docker     'docker build' commands
        gantry plan --backend command    the manifest's backend.command
        gantry plan --platform linux/arm64
        gantry plan --push               pushed images, manifest lists
        gantry plan -f compose.yaml -f compose.prod.yaml
      """)

  @OptionGroup(title: "Service definitions") var project: ProjectOptions

  @Argument(help: "Services to plan (default: all); their dependencies are included.")
  var services: [String] = []

  @Option(help: "Output format: text or json.")
  var format: PlanRenderer.Format = .text

  @Option(
    help: """
      Builder command: buildx ('docker buildx build'), docker ('docker build'), or command (the \
      manifest's backend.command template). Default: the manifest's backend setting, else buildx.
      """)
  var backend: Backend?

  @Option(help: ArgumentHelp("The client binary written in the commands.", valueName: "path"))
  var docker: String = "docker"

  @OptionGroup(title: "Changes") var changes: ChangeOptions

  @OptionGroup(title: "Platforms") var platformOptions: PlatformOptions

  func run() async throws {
    let loaded = try project.loadProject()
    var options = PlanOptions(
      backend: BackendChoice.planned(flag: backend, project: loaded), client: docker,
      multiArch: platformOptions.options)
    guard let selection = try await changes.selection(services, project: loaded, options: options) else {
      Terminal.printError(changes.nothingChanged)
      return
    }
    options.selection = selection
    let plan = try Planner().plan(loaded, options: options)
    for warning in plan.warnings { Terminal.printError(warning.description) }
    Terminal.write(try PlanRenderer.render(plan, format: format))
  }
}

/// `gantry graph`: the dependency graph between services, each edge labelled with its origin.
struct GraphCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Print the dependency graph between services (dot, mermaid or json).",
    discussion: """
      Arrows point from a service to what it needs; each edge is labelled
      with where it comes from: needs, FROM, COPY --from, RUN --mount from,
      additional_contexts.

      Examples:
        gantry graph | dot -Tsvg > graph.svg
        gantry graph --format mermaid
        gantry graph api --format json
      """)

  @OptionGroup(title: "Service definitions") var project: ProjectOptions

  @Argument(help: "Services to show (default: all); their dependencies are included.")
  var services: [String] = []

  @Option(help: "Output format: dot, mermaid or json.")
  var format: GraphRenderer.Format = .dot

  func run() async throws {
    let loaded = try project.loadProject()
    let (full, warnings) = try Planner().graph(for: loaded)
    // Selected by service name: the graph has one node per service, whatever its platforms
    // (the plan's jobs, one per platform, are named service@platform).
    var diagnostics = DiagnosticCollector()
    diagnostics.append(contentsOf: warnings)
    let graph = full.selecting(services, diagnostics: &diagnostics)
    try diagnostics.throwIfErrors()
    for warning in warnings { Terminal.printError(warning.description) }
    Terminal.write(try GraphRenderer.render(graph, format: format))
  }
}
