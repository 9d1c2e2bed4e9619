import ArgumentParser
import Foundation
import GantryCore
import GantryExec
import GantryReport
import GantryLoad
import GantryPlan

extension ProgressMode: ExpressibleByArgument {}

/// `gantry build`: runs the plan on a real engine.
struct BuildCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build the services' images in dependency order, as many at once as --jobs allows.",
    discussion: """
      A job starts as soon as everything it needs has been built and a slot
      is free; among ready jobs, the one with the longest remaining critical
      path goes first (durations from earlier runs, in .gantry/history.jsonl).
      After the first failure nothing new starts (running builds finish)
      unless --keep-going is given. Transient failures are retried with
      backoff. Ctrl-C stops every build (SIGTERM, then SIGKILL after a grace
      period; a second Ctrl-C kills at once) and exits 130.

      Every run writes report.json, report.csv, junit.xml, summary.md,
      trace.json, report.html and logs/<job>.log into its report folder
      (default .gantry/runs/<run-id>; .gantry/runs/latest is the last run).

      Examples:
        gantry build                      every service, 4 builds at once
        gantry build api -j8              api and what it needs, 8 at once
        gantry build --keep-going --progress plain
        gantry build --backend docker --docker /usr/bin/docker
        gantry build --backend command    the manifest's backend.command
        gantry build --platform linux/arm64
        gantry build --push               push instead of loading (buildx)
        gantry build --shard 2/3          shard 2 of 'gantry ci matrix --shards 3'

      A job whose image was built from exactly its current inputs (files,
      Dockerfile, arguments, base images; docs/incremental.md) is up to date
      and not built; the progress and the report say why each other job runs.
      --force builds everything; --changed-since REF only what a change since
      REF touches; --pull pulls base images first (nightly rebuilds).

      Before the first build, each builder's engine is asked for its version
      (--engine-timeout, default 15s): an engine that is down or never
      answers stops the run at once, naming its endpoint. A build that
      prints nothing for its stall_timeout (default 10m) is stopped and
      retried as a transient failure.

      Exit status: 0 all built, 1 a build failed or an engine is down,
      2 bad input or usage, 130 interrupted.
      """)

  @OptionGroup(title: "Service definitions") var project: ProjectOptions

  @Argument(help: "Services to build (default: all); their dependencies are built first.")
  var services: [String] = []

  @Option(name: [.customShort("j", allowingJoined: true), .long], help: "Builds in flight at most.")
  var jobs: UInt = 4

  @Flag(help: "After a failure, go on building everything that does not depend on it.")
  var keepGoing = false

  @Option(
    help: """
      auto (buildx when 'docker buildx version' works, else docker), buildx, docker, or command (the \
      manifest's backend.command template). Default: the manifest's backend setting, else auto.
      """)
  var backend: BackendChoice?

  @Option(help: ArgumentHelp("The docker client to run (default: $GANTRY_DOCKER, else docker).", valueName: "path"))
  var docker: String?

  @Option(help: "auto (a live board on a terminal, plain lines otherwise), tty, plain, quiet, or json.")
  var progress: ProgressMode = .auto

  @Option(help: ArgumentHelp("Where report.json and logs/ go (default .gantry/runs/<run-id>).", valueName: "dir"))
  var reportDir: String?

  @Option(help: "Extra attempts after a transient failure (default: the manifest's retry:, else 2).")
  var retries: UInt?

  @Option(
    help: ArgumentHelp(
      "Stop a build running longer than this (90, 90s, 10m; default: the manifest's timeout:, else none).",
      valueName: "duration"))
  var timeout: String?

  @Flag(help: "Build every job, even those whose images are up to date.")
  var force = false

  @Flag(
    help:
      "Pull every external base image first: a base whose tag moved rebuilds what is built on it (nightly builds).")
  var pull = false

  @OptionGroup(title: "Changes") var changes: ChangeOptions

  @Flag(help: "When another gantry run is using this repository, wait for it instead of stopping.")
  var waitForLock = false

  @Option(
    help: ArgumentHelp(
      "How long each engine may take to answer before the builds start (default 15s; 0 skips the check).",
      valueName: "duration"))
  var engineTimeout: String?

  @OptionGroup(title: "Platforms") var platformOptions: PlatformOptions

  @OptionGroup(title: "Reports") var reports: ReportOptions

  @OptionGroup(title: "Shards (docs/ci.md)") var shardOptions: ShardBuildOptions

  @Option(help: .hidden)
  var graceSeconds: Double = 10

  func validate() throws {
    if jobs == 0 { throw ValidationError("--jobs must be at least 1") }
    if let retries, retries > 20 { throw ValidationError("--retries must be at most 20") }
    if let timeout, (DurationText.seconds(timeout) ?? 0) <= 0 {
      throw ValidationError("--timeout must be a duration such as 90, 90s, 10m or 1h30m, not '\(timeout)'")
    }
    if graceSeconds < 0 { throw ValidationError("--grace-seconds must not be negative") }
    if let engineTimeout, DurationText.seconds(engineTimeout) == nil {
      throw ValidationError("--engine-timeout must be a duration such as 15, 15s or 1m, not '\(engineTimeout)'")
    }
  }

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    let client = docker ?? environment["GANTRY_DOCKER"] ?? "docker"
    let loaded = try project.loadProject()
    let cwd = FileManager.default.currentDirectoryPath
    var overrides = RunSettings()
    overrides.retries = retries.map { Int($0) }
    overrides.timeoutSeconds = timeout.flatMap(DurationText.seconds)
    let engineSeconds = engineTimeout.flatMap(DurationText.seconds) ?? Preflight.defaultTimeout.seconds
    var settings = BuildSession.Settings(
      root: loaded.root, reportDirectory: reportDir.map { Paths.absolute($0, relativeTo: cwd) }, client: client,
      environment: environment, jobs: Int(jobs), keepGoing: keepGoing, waitForLock: waitForLock, overrides: overrides,
      grace: .milliseconds(Int(graceSeconds * 1000)),
      engineTimeout: engineSeconds > 0 ? .milliseconds(Int(engineSeconds * 1000)) : nil,
      historyLimit: reports.historyLimit(for: loaded), copies: reports.copies, enforceBudgets: reports.enforceBudgets,
      gantryVersion: Gantry.version)
    settings.force = force
    settings.pull = pull
    let choice = BackendChoice.resolve(flag: backend, project: loaded)
    let chosen = await choice.backend(client: client, environment: environment)
    let planned = PlanOptions(backend: chosen, client: client, multiArch: platformOptions.options)
    guard let selection = try await changes.selection(services, project: loaded, options: planned) else {
      Terminal.printError(changes.nothingChanged)
      return
    }
    let planOptions = { (durations: [String: Double], output: String?) in
      PlanOptions(
        backend: chosen, client: client, selection: selection, durations: durations, outputDirectory: output,
        multiArch: platformOptions.options)
    }
    let history = ReportStore(root: loaded.root).expectedDurations()
    let sharding = try shardOptions.sharding(history: history) {
      try Planner().plan(loaded, options: planOptions(history, nil))
    }
    settings.shard = sharding?.record
    if sharding != nil { settings.inputsPlan = try Planner().plan(loaded, options: planOptions(history, nil)) }
    if let sharding, sharding.shard.jobs.isEmpty {
      Terminal.printError("shard \(sharding.spec) has no jobs: nothing to build")
    }
    let session = BuildSession(settings: settings, progress: makeProgress())

    let stop = StopSignal()
    let signals = SignalHandler(onFirst: { stop.stop() }, onSecond: { [registry = session.registry] in
      registry.signalAll(SIGKILL)
    })
    defer { signals.restore() }
    var built: Plan?
    let outcome = try await session.run(
      plan: { input in
        let plan = try Planner().plan(loaded, options: planOptions(input.durations, input.outputDirectory))
        built = try sharding?.restrict(plan, history: input.durations) ?? plan
        return built ?? plan
      },
      warn: { Terminal.printError($0.description) }, stop: stop)
    reports.printWarnings(outcome)
    switch outcome.report.run.status {
    case .succeeded:
      guard let sharding, let built else { return }
      let failures = await sharding.handOff(
        built, built: Set(outcome.report.jobs.filter { $0.status == .built }.map(\.id)), client: client,
        environment: environment)
      for failure in failures { Terminal.printError("error: \(failure)") }
      if !failures.isEmpty {
        Terminal.printError(
          "hint: later shards pull these images: check that the registry is up and takes pushes (docker login, TLS)")
        throw ExitCode(Entrypoint.Status.buildFailed.rawValue)
      }
    case .failed: throw ExitCode(Entrypoint.Status.buildFailed.rawValue)
    case .interrupted: throw ExitCode(Entrypoint.Status.interrupted.rawValue)
    }
  }

  func makeProgress() -> any ProgressSink {
    switch progress {
    case .json: return JSONProgress()
    case .quiet: return LineProgress(quiet: true)
    case .plain: return LineProgress()
    case .tty: return TerminalBoard()
    case .auto:
      return isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
        ? TerminalBoard() : LineProgress()
    }
  }
}
