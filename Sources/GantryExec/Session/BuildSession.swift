import Foundation
import GantryCore
import GantryInputs
import GantryPlan
import GantryReport
import Synchronization

/// One `gantry build`, start to finish: take the repository's run lock, plan, check the engines,
/// run the builds, measure what they made, write the reports and the history.
///
/// The command line parses its options into `BuildSession.Settings` and calls `run` once.
public struct BuildSession: Sendable {
  /// Everything the run needs besides the plan.
  public struct Settings: Sendable {
    /// The folder holding `.gantry/` (the manifest's folder).
    public var root: String
    /// Where the report goes; nil: `.gantry/runs/<run-id>`.
    public var reportDirectory: String?
    public var client: String
    public var environment: [String: String]
    public var jobs: Int
    public var keepGoing: Bool
    /// Wait for another run's lock instead of stopping.
    public var waitForLock: Bool
    /// `--retries` / `--timeout`: over every job's own settings.
    public var overrides: RunSettings
    /// Between SIGTERM and SIGKILL when a build is stopped.
    public var grace: Duration
    /// How long each engine may take to answer the preflight; nil: no preflight.
    public var engineTimeout: Duration?
    /// Runs the history keeps.
    public var historyLimit: Int
    /// Extra copies of report formats, absolute paths.
    public var copies: [ReportFormat: String]
    /// A job over its budget fails the run.
    public var enforceBudgets: Bool
    public var gantryVersion: String
    /// Skip jobs whose images are up to date (docs/incremental.md); false runs every job as before.
    public var incremental: Bool = true
    /// Build every job even when its image is up to date (`--force`).
    public var force: Bool = false
    /// Pull every external base image first, so a moved tag counts as a change (`--pull`).
    public var pull: Bool = false
    /// The shard built (`gantry build --shard`): recorded in the report, on the run and each job.
    public var shard: ShardRecord?
    /// The whole plan a shard was cut from: the input digests are those of the whole plan, so a
    /// job's digest covers its upstream jobs in other shards, the same in every shard and in a
    /// build of everything.
    public var inputsPlan: Plan?

    public init(
      root: String, reportDirectory: String? = nil, client: String = "docker",
      environment: [String: String] = ProcessInfo.processInfo.environment, jobs: Int = 4, keepGoing: Bool = false,
      waitForLock: Bool = false, overrides: RunSettings = RunSettings(), grace: Duration = .seconds(10),
      engineTimeout: Duration? = Preflight.defaultTimeout, historyLimit: Int = 50,
      copies: [ReportFormat: String] = [:], enforceBudgets: Bool = false, gantryVersion: String = "dev"
    ) {
      self.root = root
      self.reportDirectory = reportDirectory
      self.client = client
      self.environment = environment
      self.jobs = jobs
      self.keepGoing = keepGoing
      self.waitForLock = waitForLock
      self.overrides = overrides
      self.grace = grace
      self.engineTimeout = engineTimeout
      self.historyLimit = historyLimit
      self.copies = copies
      self.enforceBudgets = enforceBudgets
      self.gantryVersion = gantryVersion
    }
  }

  /// What planning gets from the session: the durations of earlier runs (for priorities) and
  /// the folder where builds write their image ids.
  public struct PlanningInput: Sendable {
    public var durations: [String: Double]
    public var outputDirectory: String
  }

  /// How the run went, and where its report is.
  public struct Outcome: Sendable {
    public var report: RunReport
    /// `report.json`, as the user should see the path; nil when it could not be written.
    public var reportPath: String?
    /// Problems that did not stop the run (a report format that could not be written).
    public var problems: [String]
  }

  public var settings: Settings
  public var progress: any ProgressSink
  /// The processes of the run, for a second Ctrl-C to kill at once.
  public var registry: ProcessRegistry

  public init(settings: Settings, progress: any ProgressSink, registry: ProcessRegistry = ProcessRegistry()) {
    self.settings = settings
    self.progress = progress
    self.registry = registry
  }

  /// Runs the whole session. Planning problems, a held lock, an engine that cannot be used and
  /// folders that cannot be made are thrown before any build starts; once builds run, everything
  /// ends in the returned report. `stop` cancels the builds (Ctrl-C): running builds are stopped,
  /// nothing new starts, and the report is still measured and written.
  /// - Parameters:
  ///   - plan: makes the plan, given the history's durations and the image-id folder.
  ///   - warn: receives the plan's warnings, before anything runs.
  public func run(
    plan makePlan: (PlanningInput) throws -> Plan, warn: (Diagnostic) -> Void, stop: StopSignal
  ) async throws -> Outcome {
    // The run's wall time covers everything gantry does: planning, the engine check and reading
    // the inputs before the builds, measuring and writing after them.
    let sessionStart = Date()
    let store = ReportStore(root: settings.root, historyLimit: settings.historyLimit)
    let runID = ReportStore.newRunID()
    let lock = try RunLock(stateDirectory: store.stateDirectory, runID: runID, wait: settings.waitForLock)
    var problems: [String] = []
    defer { withExtendedLifetime(lock) {} }
    let reportDirectory = settings.reportDirectory ?? store.runsDirectory + "/" + runID
    let durations = store.expectedDurations()
    var plan = try makePlan(PlanningInput(durations: durations, outputDirectory: reportDirectory + "/iid"))
    for warning in plan.warnings { warn(warning) }
    var options = BuildOptions(
      jobs: settings.jobs, keepGoing: settings.keepGoing, reportDirectory: reportDirectory, runID: runID,
      environment: settings.environment, durations: durations, grace: settings.grace,
      gantryVersion: settings.gantryVersion, overrides: settings.overrides)
    try options.makeFolders()
    if let timeout = settings.engineTimeout {
      try await Preflight(timeout: timeout, processes: ProcessRunner(grace: .seconds(2), registry: registry)).check(
        plan, client: settings.client, environment: settings.environment, directory: plan.root)
    }

    let assessment = try await decideWhatRuns(&plan, options: &options, store: store, warn: warn)
    let inputs = assessment?.resolved
    let dialect: IgnoreDialect
    if let known = assessment?.dialect {
      dialect = known
    } else {
      dialect =
        plan.backend == .docker
        ? await ClientDialect.detect(client: settings.client, environment: settings.environment) : .moby
    }
    let runner = BuildRunner(plan: plan, options: options, progress: progress, registry: registry)
    let task = Task { await runner.run() }
    stop.attach { task.cancel() }
    var report = await task.value
    stop.attach(nil)
    report.run.peakMemoryBytes = PeakMemory.residentBytes()
    report.run.startedAt = sessionStart
    report.run.wallSeconds = BuildRunner.rounded(report.run.finishedAt.timeIntervalSince(sessionStart))
    var enricher = ReportEnricher(
      plan: plan, environment: settings.environment, outputDirectory: reportDirectory + "/iid",
      previouslyBuilt: store.previouslyBuilt(), concurrency: settings.jobs)
    enricher.dialect = dialect
    report = await enricher.enrich(report)
    if let inputs {
      var built: [String: InputRecord] = [:]
      for job in report.jobs where job.status == .built {
        if let resolved = inputs[job.id] { built[job.id] = InputRecord(resolved.inputs, digest: resolved.digest) }
      }
      do { try InputState(stateDirectory: store.stateDirectory).save(built) } catch {
        problems.append("could not record the inputs of this run: \(error)")
      }
    }
    BudgetCheck.apply(
      plan.jobs.reduce(into: [:]) { budgets, job in if !job.budgets.isEmpty { budgets[job.id] = job.budgets } },
      enforce: settings.enforceBudgets, to: &report)
    if let shard = settings.shard {
      report.run.shard = shard
      for index in report.jobs.indices { report.jobs[index].shard = shard.index }
    }

    report.run.finishedAt = Date()
    report.run.wallSeconds = BuildRunner.rounded(report.run.finishedAt.timeIntervalSince(sessionStart))
    var reportPath: String?
    do {
      reportPath = Paths.display(try store.write(report, to: reportDirectory))
      problems += ReportFiles.write(report, to: reportDirectory, copies: settings.copies)
      if let problem = ReportFiles.appendStepSummary(report, environment: settings.environment) {
        problems.append(problem)
      }
      // A shard's durations would change the partition the other shards compute: the merged
      // report (`gantry report merge`) goes into the history instead.
      if settings.shard == nil { try store.appendHistory(report) }
    } catch {
      problems.append("could not write the report: \(error)")
    }
    await progress.handle(.runFinished(report, reportPath: reportPath))
    return Outcome(report: report, reportPath: reportPath, problems: problems)
  }
}

extension BuildSession {
  /// Reads every job's inputs and decides which jobs need not run; the jobs that run get the label
  /// that records their inputs in the image. Returns the inputs read (nil when not incremental).
  func decideWhatRuns(
    _ plan: inout Plan, options: inout BuildOptions, store: ReportStore, warn: (Diagnostic) -> Void
  ) async throws -> Freshness.Assessment? {
    guard settings.incremental else { return nil }
    let assessment = try await Freshness.assess(
      plan, inputsPlan: settings.inputsPlan, client: settings.client, environment: settings.environment,
      stateDirectory: store.stateDirectory,
      force: settings.force, pull: settings.pull, processes: ProcessRunner(grace: .seconds(1), registry: registry))
    for warning in assessment.warnings { warn(.warning(warning, at: nil)) }
    let verdicts = assessment.verdicts
    options.upToDate = Set(verdicts.filter { $0.value.state == .upToDate }.keys)
    options.reasons = verdicts.mapValues(\.reason)
    options.digests = verdicts.mapValues(\.digest)
    for index in plan.jobs.indices where plan.jobs[index].kind == .build {
      guard let digest = verdicts[plan.jobs[index].id]?.digest else { continue }
      plan.jobs[index].invocation.label(InputsLabel.name, digest)
    }
    return assessment
  }
}

/// Stops a session's builds from outside (a signal handler): the first `stop()` cancels them.
public final class StopSignal: Sendable {
  private let state = Mutex<(stopped: Bool, action: (@Sendable () -> Void)?)>((false, nil))

  public init() {}

  /// Asks the run to stop; a run that has not started its builds yet stops them as they start.
  public func stop() {
    let action = state.withLock { state in
      state.stopped = true
      return state.action
    }
    action?()
  }

  /// What `stop()` does while builds run; called at once when a stop was already asked for.
  func attach(_ action: (@Sendable () -> Void)?) {
    let runNow = state.withLock { state in
      state.action = action
      return state.stopped ? action : nil
    }
    runNow?()
  }
}
