import Foundation
import GantryCore
import GantryPlan
import GantryReport

/// What happened to each job of a run, as a value: the executor records starts, results, skips
/// and cancellations, and the ledger turns them into the jobs of the report. No clock and no
/// process: every time is given to it.
struct RunLedger: Sendable {
  private var reports: [String: JobReport] = [:]
  private let order: [String]

  /// Every job waiting; jobs with no dependency are queued from `start`.
  init(plan: Plan, start: Date) {
    order = plan.order
    for job in plan.jobs {
      var report = JobReport(
        id: job.id, service: job.service, platforms: job.platforms.map(\.description), status: .waiting, deps: job.deps, tags: job.tags)
      if job.services.count > 1 { report.services = job.services }
      if job.deps.isEmpty { report.queuedAt = start }
      reports[job.id] = report
    }
  }

  /// The jobs in plan order.
  var jobs: [JobReport] { order.compactMap { reports[$0] } }

  private mutating func update(_ id: String, _ change: (inout JobReport) -> Void) {
    guard var report = reports[id] else { return }
    change(&report)
    reports[id] = report
  }

  mutating func started(_ job: Job, at date: Date, logPath: String) {
    update(job.id) { report in
      report.status = .running
      report.startedAt = date
      report.logPath = logPath
      report.builder = job.builder
      report.emulated = job.emulated
      report.argv = Redaction.argv(job.argv)
    }
  }

  /// Records a job's result and returns its report.
  mutating func finished(
    _ run: BuildRunner.JobRun, status: JobStatus, imageID: String?, error: String?
  ) -> JobReport? {
    update(run.job.id) { report in
      report.status = status
      report.attempts = run.attempts
      if !run.copies.isEmpty { report.copies = run.copies }
      report.finishedAt = run.outcome.finishedAt
      let started = report.startedAt ?? run.outcome.startedAt
      report.durationSeconds = BuildRunner.rounded(run.outcome.finishedAt.timeIntervalSince(started))
      report.exitCode = run.outcome.exitCode
      report.imageId = imageID
      report.error = error
    }
    return reports[run.job.id]
  }

  /// Jobs that will not run, and why.
  mutating func mark(_ ids: [String], _ status: JobStatus, reason: (String) -> String?) {
    for id in ids {
      update(id) { report in
        report.status = status
        report.error = reason(id)
      }
    }
  }

  /// Jobs whose last dependency has just been built: they could start from now.
  mutating func queued(_ ids: [String], at date: Date) {
    for id in ids { update(id) { $0.queuedAt = date } }
  }
}
