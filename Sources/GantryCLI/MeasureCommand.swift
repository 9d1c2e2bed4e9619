import ArgumentParser
import Foundation
import GantryAudit
import GantryCore
import GantryDockerfile
import GantryExec
import GantryInputs
import GantryLoad
import GantryPlan
import Synchronization

extension MeasureTable.Format: ExpressibleByArgument {}

/// `gantry measure`: the guides' cold / warm / incremental table, measured on the real builder.
struct MeasureCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "measure",
    abstract: "Time cold, warm and incremental builds of services (and their stages), with image sizes.",
    discussion: """
      First builds the services and what they need, then each measurement as
      a run of its own (reports and history under .gantry/, job ids like
      web:cold, web[build]:warm):
        cold         the build with the builder's cache bypassed (--no-cache);
                     the user's cache is not pruned
        warm         the same build again, nothing changed
        incremental  one source file the build copies changed (a new line
                     appended; --touch PATH to choose), restored byte for byte
                     afterwards, also on Ctrl-C (or by the next run after a kill)
      Each row is the median over --repeat runs, with the spread.

      Examples:
        gantry measure web
        gantry measure web --stages --repeat 3 --format md
        gantry measure api --scenarios warm,incremental --touch services/api/app/main.py
        gantry measure web; gantry audit --fix; gantry measure web
      """)

  @OptionGroup(title: "Service definitions") var project: ProjectOptions

  @Argument(help: "Services to measure (default: all).")
  var services: [String] = []

  @Flag(help: "Also build each named stage the service's build runs with --target, with its time and size.")
  var stages = false

  @Option(help: "Scenarios, comma-separated: cold, warm, incremental.")
  var scenarios: String = "cold,warm,incremental"

  @Option(name: .customLong("repeat"), help: "Runs of each scenario; the table shows the median and spread.")
  var repeatCount: UInt = 1

  @Option(
    help: ArgumentHelp(
      "The file the incremental scenario changes (default: chosen from the COPY sources).", valueName: "path"))
  var touch: String?

  @Option(help: "Output format: text, json, csv or md.")
  var format: MeasureTable.Format = .text

  @Option(help: "Builder command: buildx or docker (default: the manifest's backend, else buildx).")
  var backend: BackendChoice?

  @Option(help: ArgumentHelp("The client binary (default: $GANTRY_DOCKER, else docker).", valueName: "path"))
  var docker: String?

  @OptionGroup(title: "Platforms") var platformOptions: PlatformOptions

  var scenarioList: [Scenario] {
    get throws {
      try scenarios.split(separator: ",").map { word in
        let name = word.trimmingCharacters(in: .whitespaces)
        guard let scenario = Scenario(rawValue: name) else {
          throw ValidationError("--scenarios: '\(name)' is not a scenario; use cold, warm and incremental")
        }
        return scenario
      }
    }
  }

  func validate() throws {
    if repeatCount == 0 { throw ValidationError("--repeat must be at least 1") }
    if try scenarioList.isEmpty { throw ValidationError("--scenarios names no scenario") }
  }

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    let client = docker ?? environment["GANTRY_DOCKER"] ?? "docker"
    let loaded = try project.loadProject()
    let choice = BackendChoice.resolve(flag: backend, project: loaded)
    let chosen = await choice.backend(client: client, environment: environment)
    if chosen == .command { throw ValidationError(MeasureError.commandBackend.description) }
    let audit = ProjectAudit(
      project: loaded, sender: InputsContextSender(dialect: chosen == .docker ? .docker2010 : .moby),
      nativePlatform: AuditCommand.nativePlatform(), history: [])
    let selected = try audit.selected(services).filter { $0.dockerfile != nil || $0.dockerfileInline != nil }
    let request = try request(for: selected, project: loaded, sender: audit.sender)

    let settings = BuildSession.Settings(
      root: loaded.root, client: client, environment: environment, jobs: 4, historyLimit: loaded.historyLimit ?? 50,
      gantryVersion: Gantry.version)
    // One line per measurement instead of each run's summary.
    let measure = MeasureSession(settings: settings, progress: LineProgress(quiet: true, write: { _ in }))
    let stop = StopSignal()
    let stopped = Mutex(false)
    let signals = SignalHandler(
      onFirst: {
        stopped.withLock { $0 = true }
        stop.stop()
      },
      onSecond: { [registry = measure.registry] in registry.signalAll(SIGKILL) })
    defer { signals.restore() }
    let options = platformOptions.options
    let requested = services
    do {
      let table = try await measure.run(
        request,
        plan: { input in
          try Planner().plan(
            loaded,
            options: PlanOptions(
              backend: chosen, client: client, selection: requested, durations: input.durations,
              outputDirectory: input.outputDirectory, multiArch: options))
        }, stop: stop, stopRequested: { stopped.withLock { $0 } }, log: { Terminal.printError("measure: " + $0) })
      Terminal.write(try table.render(format))
    } catch let error as MeasureSession.Stopped {
      if !error.table.rows.isEmpty { Terminal.write(try error.table.render(format)) }
      Terminal.printError("gantry measure: \(error.reason)")
      throw ExitCode(error.interrupted ? ExitStatus.interrupted.rawValue : ExitStatus.buildFailed.rawValue)
    }
  }

  /// The stages, final-stage names and files to change, per service.
  func request(for selected: [ServiceDefinition], project: Project, sender: any ContextSender) throws
    -> MeasureSession.Request
  {
    var request = MeasureSession.Request(
      services: selected.map(\.name), scenarios: try scenarioList, repeatCount: Int(repeatCount))
    let cwd = FileManager.default.currentDirectoryPath
    var problems: [Diagnostic] = []
    for service in selected {
      let text =
        service.dockerfileInline
        ?? service.dockerfile.flatMap { FileManager.default.contents(atPath: $0.value) }.map {
          String(decoding: $0, as: UTF8.self)
        } ?? ""
      let dockerfile = AuditedDockerfile(
        service: service.name, file: service.dockerfile?.value ?? "Dockerfile", text: text, buildArgs: service.args,
        target: service.target, platforms: service.platforms.map(\.description))
      let final = dockerfile.finalStageIndex.flatMap { dockerfile.model.stages[$0].name }
      request.finalStage[service.name] = service.target ?? final ?? "final"
      if stages {
        request.stages[service.name] = dockerfile.builtStages.compactMap { dockerfile.model.stages[$0].name }
          .filter { $0 != final }
      }
      guard (try scenarioList).contains(.incremental) else { continue }
      if let touch {
        request.touch[service.name] = Paths.absolute(touch, relativeTo: cwd)
        continue
      }
      let sent = (try? sender.sent(root: service.context.value, ignoreText: ignoreText(service))) ?? []
      if let path = TouchCandidate.choose(dockerfile, sent: sent) {
        request.touch[service.name] = service.context.value + "/" + path
      } else {
        problems.append(
          .error(
            MeasureError.noFileToTouch(service: service.name).description, at: service.location,
            hint: "or leave incremental out: --scenarios cold,warm"))
      }
    }
    if !problems.isEmpty { throw DiagnosticsError(problems) }
    return request
  }

  func ignoreText(_ service: ServiceDefinition) -> [UInt8]? {
    guard let path = IgnoreFileLocator.path(context: service.context.value, dockerfile: service.dockerfile?.value)
    else { return nil }
    return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
  }
}
