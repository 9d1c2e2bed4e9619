import Foundation
import GantryReport

/// One plain line per state change (for CI logs), or only failures and the summary (`quiet`).
public struct LineProgress: ProgressSink {
  public var quiet: Bool
  /// Where lines go; standard error by default, so standard output stays for results.
  let write: @Sendable (String) -> Void

  public init(quiet: Bool = false, write: @escaping @Sendable (String) -> Void = LineProgress.standardError) {
    self.quiet = quiet
    self.write = write
  }

  public static let standardError: @Sendable (String) -> Void = { text in
    FileHandle.standardError.write(Data(text.utf8))
  }

  public func handle(_ event: BuildEvent) async {
    switch event {
    case .runStarted(let runID, let count, let limit, _):
      if !quiet { write("gantry: run \(runID): \(count) job\(count == 1 ? "" : "s"), up to \(limit) at once\n") }
    case .jobStarted(let id, _, let reason):
      if !quiet { write("[\(id)] started" + (reason.map { " (\($0))" } ?? "") + "\n") }
    case .jobFinished(let job, let tail):
      if job.status.isFailure {
        write(Summary.line(for: job) + "\n" + Self.failureExcerpt(job, tail: tail))
      } else if !quiet {
        write(Summary.line(for: job) + "\n")
      }
    case .jobSkipped(let id, let reason):
      if !quiet { write("[\(id)] skipped: \(reason)\n") }
    case .jobRetrying(let id, let attempt, let delay):
      write(Summary.retryLine(id: id, attempt: attempt, delay: delay) + "\n")
    case .runFinished(let report, let path):
      write(Summary.text(report, reportPath: path))
    }
  }

  /// The last lines of a failed job's log, indented under its name.
  static func failureExcerpt(_ job: JobReport, tail: [String]) -> String {
    guard !tail.isEmpty else { return "" }
    var text = "── last \(tail.count) lines of \(job.id) ──\n"
    for line in tail { text += "  │ \(line)\n" }
    text += "── whole log: \(job.logPath ?? "-")\n"
    return text
  }
}

/// One JSON object per line on standard output, for other programs.
public struct JSONProgress: ProgressSink {
  let write: @Sendable (String) -> Void

  public init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
    self.write = write
  }

  struct Event: Encodable {
    var event: String
    var time: String
    var runId: String?
    var id: String?
    var status: String?
    var reason: String?
    var job: JobReport?
    var report: RunReport?
    var reportPath: String?
    var jobCount: Int?
    var limit: Int?
    var attempt: AttemptReport?
    var delaySeconds: Double?
  }

  public func handle(_ event: BuildEvent) async {
    let now = Timestamp.string(Date())
    let value: Event
    switch event {
    case .runStarted(let runID, let count, let limit, let at):
      value = Event(event: "run_started", time: Timestamp.string(at), runId: runID, jobCount: count, limit: limit)
    case .jobStarted(let id, let at, let reason):
      value = Event(event: "job_started", time: Timestamp.string(at), id: id, status: "running", reason: reason)
    case .jobFinished(let job, _):
      value = Event(event: "job_finished", time: now, id: job.id, status: job.status.rawValue, job: job)
    case .jobSkipped(let id, let reason):
      value = Event(event: "job_skipped", time: now, id: id, status: "skipped", reason: reason)
    case .jobRetrying(let id, let attempt, let delay):
      value = Event(
        event: "job_retrying", time: now, id: id, status: "retrying", attempt: attempt,
        delaySeconds: delay.seconds)
    case .runFinished(let report, let path):
      value = Event(
        event: "run_finished", time: now, runId: report.run.id, status: report.run.status.rawValue, report: report,
        reportPath: path)
    }
    if let data = try? ReportStore.encode(value, pretty: false) {
      write(String(decoding: data, as: UTF8.self) + "\n")
    }
  }
}
