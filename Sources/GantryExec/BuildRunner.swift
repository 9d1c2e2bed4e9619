import Foundation
import GantryCore
import GantryPlan

/// Settings of one run.
public struct BuildOptions: Sendable {
  /// Builds in flight at most.
  public var jobs: Int
  /// Build whatever does not depend on a failure, instead of stopping at the first one.
  public var keepGoing: Bool
  /// Where report.json and logs/ go.
  public var reportDirectory: String
  /// The run's id (the report folder's name under `.gantry/runs`).
  public var runID: String
  /// gantry's environment; each job's `env` is laid over it.
  public var environment: [String: String]
  /// Expected job durations (seconds) for the critical-path priority; unknown jobs count 1.
  public var durations: [String: Double]
  /// Time a stopped build gets between SIGTERM and SIGKILL.
  public var grace: Duration
  public var gantryVersion: String

  public init(
    jobs: Int = 4, keepGoing: Bool = false, reportDirectory: String, runID: String,
    environment: [String: String] = ProcessInfo.processInfo.environment, durations: [String: Double] = [:],
    grace: Duration = .seconds(10), gantryVersion: String = "dev"
  ) {
    self.jobs = jobs
    self.keepGoing = keepGoing
    self.reportDirectory = reportDirectory
    self.runID = runID
    self.environment = environment
    self.durations = durations
    self.grace = grace
    self.gantryVersion = gantryVersion
  }

  public var logDirectory: String { reportDirectory + "/logs" }
}

/// Runs a plan: starts each job as soon as its dependencies have succeeded and a slot is free,
/// longest remaining critical path first, and records what happened.
///
/// Cancel the task that calls `run()` to stop a run: running builds get SIGTERM (then SIGKILL
/// after the grace period), nothing new starts, and the report says what was cancelled.
public struct BuildRunner: Sendable {
  public let plan: Plan
  public let options: BuildOptions
  public let progress: any ProgressSink
  public let processes: ProcessRunner

  public init(plan: Plan, options: BuildOptions, progress: any ProgressSink, registry: ProcessRegistry = ProcessRegistry()) {
    self.plan = plan
    self.options = options
    self.progress = progress
    self.processes = ProcessRunner(grace: options.grace, registry: registry)
  }

  /// Runs every job of the plan and returns the report (not yet written to disk).
  public func run() async -> RunReport {
    let runStart = Date()
    try? FileManager.default.createDirectory(atPath: options.logDirectory, withIntermediateDirectories: true)
    let weight = { (id: String) in options.durations[id] ?? 1 }
    var dependents: [String: [String]] = [:]
    for job in plan.jobs { for dep in job.deps { dependents[dep, default: []].append(job.id) } }
    let remaining = GraphAlgorithms.remainingPathWeight(
      order: plan.order, dependents: { dependents[$0] ?? [] }, weight: weight)
    var scheduler = Scheduler(
      plan: plan, slots: SlotPool(globalLimit: options.jobs), keepGoing: options.keepGoing,
      priority: { remaining[$0.id] ?? 1 })
    var reports: [String: JobReport] = [:]
    for job in plan.jobs {
      var report = JobReport(
        id: job.id, service: job.service, platforms: job.platforms, status: .waiting, deps: job.deps, tags: job.tags)
      if job.deps.isEmpty { report.queuedAt = Timestamp.string(runStart) }
      reports[job.id] = report
    }
    await progress.handle(.runStarted(runID: options.runID, jobCount: plan.jobs.count, limit: options.jobs, at: runStart))

    var interrupted = false
    func noticeCancellation() {
      guard Task.isCancelled, !interrupted else { return }
      interrupted = true
      for id in scheduler.cancelWaiting() {
        reports[id]?.status = .cancelled
        reports[id]?.error = "not started: the run was interrupted"
      }
    }
    await withTaskGroup(of: (String, ProcessOutcome).self) { group in
      var inFlight = 0
      while true {
        noticeCancellation()
        for job in scheduler.startReady() {
          let started = Date()
          reports[job.id]?.status = .running
          reports[job.id]?.startedAt = Timestamp.string(started)
          let logPath = options.logDirectory + "/" + FileNames.safe(job.id) + ".log"
          reports[job.id]?.logPath = logPath
          await progress.handle(.jobStarted(id: job.id, at: started))
          let environment = options.environment.merging(job.env) { _, new in new }
          group.addTask { [processes, root = plan.root] in
            let outcome = await processes.run(
              argv: job.argv, environment: environment, directory: root, stdin: job.stdin, logPath: logPath)
            return (job.id, outcome)
          }
          inFlight += 1
        }
        guard inFlight > 0, let (id, outcome) = await group.next() else { break }
        inFlight -= 1
        noticeCancellation()
        let status: JobStatus = outcome.succeeded ? .built : (interrupted ? .cancelled : .failed)
        let skipped = scheduler.finish(id, status: status)
        var report = reports[id]!
        report.status = status
        report.finishedAt = Timestamp.string(outcome.finishedAt)
        report.durationSeconds = Self.rounded(outcome.finishedAt.timeIntervalSince(Timestamp.date(report.startedAt ?? "") ?? outcome.startedAt))
        report.exitCode = outcome.exitCode
        var tail: [String] = []
        if status == .built {
          report.imageId = imageID(for: id)
        } else {
          tail = report.logPath.map { LogTail.lines(of: $0, count: 30) } ?? []
          report.error = Self.errorExcerpt(outcome: outcome, tail: tail, cancelled: status == .cancelled)
        }
        reports[id] = report
        await progress.handle(.jobFinished(report, logTail: status == .failed ? tail : []))
        for skippedID in skipped {
          reports[skippedID]?.status = .skipped
          reports[skippedID]?.error = scheduler.entries[skippedID]?.skipReason
          await progress.handle(.jobSkipped(id: skippedID, reason: scheduler.entries[skippedID]?.skipReason ?? ""))
        }
        if status == .built {
          let now = Timestamp.string(Date())
          for dependent in dependents[id] ?? [] where scheduler.entries[dependent]?.unfinishedDeps.isEmpty == true {
            reports[dependent]?.queuedAt = now
          }
        }
      }
    }
    // Under fail-fast, jobs that never started are skipped, naming the failure that stopped the run.
    for id in scheduler.skipRemaining() {
      reports[id]?.status = .skipped
      reports[id]?.error = scheduler.entries[id]?.skipReason
      await progress.handle(.jobSkipped(id: id, reason: scheduler.entries[id]?.skipReason ?? ""))
    }
    let runEnd = Date()
    let jobs = plan.order.compactMap { reports[$0] }
    let status: RunInfo.Status =
      interrupted ? .interrupted : (jobs.allSatisfy { $0.status == .built } ? .succeeded : .failed)
    let info = RunInfo(
      id: options.runID, startedAt: Timestamp.string(runStart), finishedAt: Timestamp.string(runEnd),
      wallSeconds: Self.rounded(runEnd.timeIntervalSince(runStart)), status: status, jobs: options.jobs,
      keepGoing: options.keepGoing, backend: plan.backend.rawValue, gantryVersion: options.gantryVersion,
      totalJobSeconds: Self.rounded(jobs.compactMap(\.durationSeconds).reduce(0, +)))
    return RunReport(run: info, jobs: jobs)
  }

  /// The id the builder wrote with `--iidfile`, when the plan asked for one.
  func imageID(for jobID: String) -> String? {
    let path = ArgvBuilder.imageIDFile(for: jobID, in: options.reportDirectory + "/iid")
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    let id = text.trimmingWhitespace()
    return id.isEmpty ? nil : id
  }

  /// A short reason for the report: the builder's own error line when there is one.
  static func errorExcerpt(outcome: ProcessOutcome, tail: [String], cancelled: Bool) -> String {
    if case .notStarted(let reason) = outcome.ending { return "could not start: \(reason)" }
    if cancelled { return "stopped: the run was interrupted" }
    let lines = tail.filter { !$0.trimmingWhitespace().isEmpty }
    let errorLine = lines.last { $0.contains("ERROR") || $0.lowercased().contains("error:") || $0.contains("failed to") }
    let excerpt = (errorLine ?? lines.last ?? "").trimmingWhitespace()
    let status = outcome.exitCode.map { "exit \($0)" } ?? "no exit code"
    return excerpt.isEmpty ? status : "\(status): \(String(excerpt.prefix(300)))"
  }

  static func rounded(_ seconds: Double) -> Double {
    (seconds * 1000).rounded() / 1000
  }
}
