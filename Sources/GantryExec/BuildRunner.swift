import Foundation
import GantryReport
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
  /// Retries and timeouts before a job's own settings apply.
  public var policy: JobPolicy
  /// Settings from the command line (`--retries`, `--timeout`): they win over every job's own.
  public var overrides: RunSettings
  /// Jobs that need not run, their images being up to date (docs/incremental.md).
  public var upToDate: Set<String> = []
  /// Why each job runs, or does not have to; the digest of each job's inputs.
  public var reasons: [String: String] = [:]
  public var digests: [String: String] = [:]

  public init(
    jobs: Int = 4, keepGoing: Bool = false, reportDirectory: String, runID: String,
    environment: [String: String] = ProcessInfo.processInfo.environment, durations: [String: Double] = [:],
    grace: Duration = .seconds(10), gantryVersion: String = "dev", policy: JobPolicy = JobPolicy(),
    overrides: RunSettings = RunSettings()
  ) {
    self.jobs = jobs
    self.keepGoing = keepGoing
    self.reportDirectory = reportDirectory
    self.runID = runID
    self.environment = environment
    self.durations = durations
    self.grace = grace
    self.gantryVersion = gantryVersion
    self.policy = policy
    self.overrides = overrides
  }

  /// Precedence: the command line, then the service's settings, then `defaults` (merged into the
  /// service's when loading), then `policy`.
  public func policy(for job: Job) -> JobPolicy { policy.applying(overrides.over(job.run)) }

  public var logDirectory: String { reportDirectory + "/logs" }

  /// Creates the report folder, `iid/` and `logs/`; a folder that cannot be made stops the run
  /// before any build starts.
  public func makeFolders() throws(FolderFailure) {
    for folder in [reportDirectory, reportDirectory + "/iid", logDirectory] {
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw FolderFailure(path: folder, reason: (error as NSError).localizedDescription)
      }
    }
  }
}

/// The run's folders could not be made.
public struct FolderFailure: ReportableError {
  public var path: String
  public var reason: String
  public var diagnostics: [Diagnostic] {
    [
      .error(
        "cannot create the run's folder \(path): \(reason)", at: nil,
        hint: "check that the folder is writable, or choose another with --report-dir")
    ]
  }
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

  public init(
    plan: Plan, options: BuildOptions, progress: any ProgressSink, registry: ProcessRegistry = ProcessRegistry()
  ) {
    self.plan = plan
    self.options = options
    self.progress = progress
    self.processes = ProcessRunner(grace: options.grace, registry: registry)
  }

  /// Runs every job of the plan and returns the report (not yet written to disk). The report
  /// folder and its `logs/` must exist (`BuildSession` makes them).
  public func run() async -> RunReport {
    let runStart = Date()
    let weight = { (id: String) in options.durations[id] ?? plan.weights[id] ?? 1 }
    var dependents: [String: [String]] = [:]
    for job in plan.jobs { for dep in job.deps { dependents[dep, default: []].append(job.id) } }
    let remaining = GraphAlgorithms.remainingPathWeight(
      order: plan.order, dependents: { dependents[$0] ?? [] }, weight: weight)
    var scheduler = Scheduler(
      plan: plan, slots: SlotPool(globalLimit: options.jobs, builderLimits: plan.builderLimits),
      keepGoing: options.keepGoing,
      priority: { remaining[$0.id] ?? 1 })
    var ledger = RunLedger(plan: plan, start: runStart)
    ledger.explain(reasons: options.reasons, digests: options.digests)
    scheduler.markUpToDate(plan.order.filter(options.upToDate.contains))
    ledger.mark(plan.order.filter(options.upToDate.contains), .upToDate) { _ in nil }
    ledger.queued(
      plan.order.filter { scheduler.entries[$0]?.status == .waiting && scheduler.entries[$0]?.unfinishedDeps.isEmpty == true },
      at: runStart)
    await progress.handle(
      .runStarted(runID: options.runID, jobCount: plan.jobs.count, limit: options.jobs, at: runStart))

    var interrupted = false
    func noticeCancellation() {
      guard Task.isCancelled, !interrupted else { return }
      interrupted = true
      ledger.mark(scheduler.cancelWaiting(), .cancelled) { _ in "not started: the run was interrupted" }
    }
    func skip(_ ids: [String]) async {
      ledger.mark(ids, .skipped) { scheduler.entries[$0]?.skipReason }
      for id in ids { await progress.handle(.jobSkipped(id: id, reason: scheduler.entries[id]?.skipReason ?? "")) }
    }
    await withTaskGroup(of: JobRun.self) { group in
      var inFlight = 0
      while true {
        noticeCancellation()
        for job in scheduler.startReady() {
          let started = Date()
          let logPath = options.logDirectory + "/" + FileNames.safe(job.id) + ".log"
          ledger.started(job, at: started, logPath: logPath)
          let copies = scheduler.transfers(for: job)
          await progress.handle(.jobStarted(id: job.id, at: started, reason: options.reasons[job.id]))
          group.addTask { await run(job, logPath: logPath, copies: copies) }
          inFlight += 1
        }
        guard inFlight > 0, let run = await group.next() else { break }
        inFlight -= 1
        noticeCancellation()
        let id = run.job.id
        let status: JobStatus = run.outcome.succeeded ? .built : (interrupted ? .cancelled : run.status)
        for copy in run.copies where copy.succeeded {
          scheduler.recordTransfer(ImageTransfer(job: copy.job, tags: copy.tags, from: copy.from, to: copy.to))
        }
        let skipped = scheduler.finish(id, status: status)
        let report = ledger.finished(
          run, status: status, imageID: status == .built ? imageID(for: id) : nil,
          error: status == .built
            ? nil : Self.errorExcerpt(outcome: run.outcome, tail: run.tail, cancelled: status == .cancelled))
        if let report { await progress.handle(.jobFinished(report, logTail: status.isFailure ? run.tail : [])) }
        await skip(skipped)
        if status == .built {
          ledger.queued(
            (dependents[id] ?? []).filter { scheduler.entries[$0]?.unfinishedDeps.isEmpty == true }, at: Date())
        }
      }
    }
    // Under fail-fast, jobs that never started are skipped, naming the failure that stopped the run.
    await skip(scheduler.skipRemaining())
    let runEnd = Date()
    let jobs = ledger.jobs
    let status: RunInfo.Status =
      interrupted ? .interrupted : (jobs.allSatisfy(\.status.isSuccess) ? .succeeded : .failed)
    let info = RunInfo(
      id: options.runID, startedAt: runStart, finishedAt: runEnd,
      wallSeconds: Self.rounded(runEnd.timeIntervalSince(runStart)), status: status, jobs: options.jobs,
      keepGoing: options.keepGoing, backend: plan.backend.rawValue, gantryVersion: options.gantryVersion,
      totalJobSeconds: Self.rounded(jobs.compactMap(\.durationSeconds).reduce(0, +)))
    return RunReport(run: info, jobs: jobs)
  }

  /// How one job went, over all its attempts.
  struct JobRun: Sendable {
    var job: Job
    var outcome: ProcessOutcome
    var status: JobStatus
    var attempts: [AttemptReport]
    /// The last lines of the log, for a failure.
    var tail: [String]
    /// Dependency images copied into the job's builder before it ran.
    var copies: [ImageCopyReport] = []
  }

  /// Runs a job's command until it succeeds, fails for a reason retrying cannot fix, or runs out
  /// of attempts. Every attempt appends to the same log, after a line saying why it runs again.
  func attempts(of job: Job, logPath: String) async -> JobRun {
    let policy = options.policy(for: job)
    let environment = options.environment.merging(job.env) { _, new in new }
    var attempts: [AttemptReport] = []
    while true {
      let number = attempts.count + 1
      let outcome = await processes.run(
        argv: job.argv, environment: environment, directory: plan.root, stdin: job.stdin, logPath: logPath,
        timeout: policy.timeout, stallTimeout: policy.stallTimeout)
      var attempt = AttemptReport(
        number: number, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt,
        durationSeconds: Self.rounded(outcome.finishedAt.timeIntervalSince(outcome.startedAt)),
        exitCode: outcome.exitCode,
        outcome: outcome.succeeded ? .built : .failed)
      if outcome.succeeded || Task.isCancelled {
        if !outcome.succeeded { attempt.outcome = .cancelled }
        attempts.append(attempt)
        return JobRun(job: job, outcome: outcome, status: attempt.outcome, attempts: attempts, tail: [])
      }
      let tail = LogTail.lines(of: logPath, count: 200)
      let verdict: FailureVerdict
      if outcome.ending == .timedOut {
        let limit = policy.timeout.map { Summary.seconds($0.seconds) } ?? "?"
        verdict = FailureVerdict(
          failureClass: .timedOut, pattern: "timeout", line: "stopped after the \(limit) timeout")
        attempt.outcome = .timedOut
      } else if case .stalled(let limit) = outcome.ending {
        // A build that prints nothing for so long is most likely waiting on a lost connection.
        verdict = FailureVerdict(
          failureClass: .transient, pattern: "stall_timeout",
          line: "stopped: no output for \(Summary.seconds(limit.seconds)) (stall_timeout)")
        Self.appendToLog(logPath, "\ngantry: \(verdict.line ?? "")\n")
      } else {
        verdict = FailureClassifier.classify(exitCode: outcome.exitCode, logLines: tail)
      }
      attempt.classification = verdict.failureClass
      attempt.matchedPattern = verdict.pattern
      attempt.matchedLine = verdict.line.map { String($0.prefix(500)) }
      guard policy.shouldRetry(verdict.failureClass, attempt: number) else {
        attempts.append(attempt)
        return JobRun(
          job: job, outcome: outcome, status: attempt.outcome, attempts: attempts, tail: Array(tail.suffix(30)))
      }
      let delay = policy.delay(after: verdict.failureClass, attempt: number, random: Double.random(in: 0..<1))
      attempt.retryDelaySeconds = Self.rounded(delay.seconds)
      attempts.append(attempt)
      await progress.handle(.jobRetrying(id: job.id, attempt: attempt, delay: delay))
      Self.appendToLog(
        logPath,
        "\ngantry: attempt \(number) failed (\(verdict.failureClass.rawValue): \(verdict.line ?? "")); "
          + "attempt \(number + 1) in \(Summary.seconds(delay.seconds))\n\n")
      // Cancellation ends the wait at once, and with it the retries.
      do { try await Task.sleep(for: delay) } catch {
        attempts[attempts.count - 1].outcome = .cancelled
        return JobRun(job: job, outcome: outcome, status: .cancelled, attempts: attempts, tail: [])
      }
    }
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }

  static func appendToLog(_ path: String, _ text: String) {
    guard let handle = FileHandle(forWritingAtPath: path) else { return }
    defer { try? handle.close() }
    _ = try? handle.seekToEnd()
    try? handle.write(contentsOf: Data(text.utf8))
  }

  /// The id the builder wrote with `--iidfile`, when the plan asked for one; nil when no file was written
  /// (a `command` template writes one only if it uses `{iidfile}` or `{iidfile-flags}`).
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
    if outcome.ending == .timedOut { return "timed out: stopped after running past its timeout" }
    if case .stalled(let limit) = outcome.ending {
      return "stalled: no output for \(Summary.seconds(limit.seconds)) (stall_timeout), stopped"
    }
    let lines = tail.filter { !$0.trimmingWhitespace().isEmpty }
    let errorLine = lines.last {
      $0.contains("ERROR") || $0.lowercased().contains("error:") || $0.contains("failed to")
    }
    let excerpt = (errorLine ?? lines.last ?? "").trimmingWhitespace()
    let status = outcome.exitCode.map { "exit \($0)" } ?? "no exit code"
    return excerpt.isEmpty ? status : "\(status): \(String(excerpt.prefix(300)))"
  }

  static func rounded(_ seconds: Double) -> Double {
    (seconds * 1000).rounded() / 1000
  }
}
