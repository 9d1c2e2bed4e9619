import Foundation

/// The words every display uses for job results and the end-of-run summary.
public enum Summary {
  /// `12.3s`, `2m05s`.
  public static func seconds(_ value: Double) -> String {
    if value < 60 { return String(format: "%.1fs", value) }
    let whole = Int(value.rounded())
    return String(format: "%dm%02ds", whole / 60, whole % 60)
  }

  /// `[api] built in 12.3s`, `[web] FAILED (exit 1) — log: …`.
  public static func line(for job: JobReport) -> String {
    switch job.status {
    case .built:
      return "[\(job.id)] built in \(seconds(job.durationSeconds ?? 0))\(retriedNote(job))"
    case .failed:
      let exit = job.exitCode.map { "exit \($0)" } ?? (job.error ?? "not started")
      return "[\(job.id)] FAILED (\(exit))\(attemptsNote(job)) — log: \(job.logPath ?? "-")"
    case .timedOut:
      return
        "[\(job.id)] TIMED OUT after \(seconds(job.durationSeconds ?? 0))\(attemptsNote(job)) — log: \(job.logPath ?? "-")"
    case .cancelled:
      return "[\(job.id)] cancelled" + (job.logPath.map { " — log: \($0)" } ?? "")
    case .skipped:
      return "[\(job.id)] skipped: \(job.error ?? "")"
    case .upToDate:
      return "[\(job.id)] up to date"
    case .waiting, .running:
      return "[\(job.id)] \(job.status.rawValue)"
    }
  }

  /// ` on attempt 2 after transient failure (connection reset by peer)` for a job that needed retries.
  static func retriedNote(_ job: JobReport) -> String {
    guard job.attempts.count > 1, let previous = job.attempts.dropLast().last else { return "" }
    return " on attempt \(job.attempts.count) after \(failureWords(previous))"
  }

  /// ` after 3 attempts` for a job that failed more than once.
  static func attemptsNote(_ job: JobReport) -> String {
    job.attempts.count > 1 ? " after \(job.attempts.count) attempts" : ""
  }

  /// `transient failure (connection reset by peer)`.
  static func failureWords(_ attempt: AttemptReport) -> String {
    let kind = (attempt.classification?.rawValue ?? "unknown").replacingOccurrences(of: "_", with: "-")
    return "\(kind) failure" + (attempt.matchedPattern.map { " (\($0))" } ?? "")
  }

  /// `[api] attempt 1 failed: transient failure (i/o timeout); retrying in 2.1s`.
  public static func retryLine(id: String, attempt: AttemptReport, delay: Duration) -> String {
    "[\(id)] attempt \(attempt.number) failed: \(failureWords(attempt)); retrying in \(seconds(delay.seconds))"
  }

  /// The end-of-run text: counts, wall time, slowest jobs, where the report is.
  public static func text(_ report: RunReport, reportPath: String?) -> String {
    var lines: [String] = []
    let parts =
      [
        "\(report.count(.built)) built", "\(report.count(.failed)) failed", "\(report.count(.skipped)) skipped",
      ] + (report.count(.upToDate) > 0 ? ["\(report.count(.upToDate)) up to date"] : []) + (report.count(.timedOut) > 0 ? ["\(report.count(.timedOut)) timed out"] : [])
      + (report.count(.cancelled) > 0 ? ["\(report.count(.cancelled)) cancelled"] : [])
    lines.append(
      "\(report.run.status.rawValue): \(parts.joined(separator: ", ")) in \(seconds(report.run.wallSeconds)) (-j \(report.run.jobs))"
    )
    let slowest = report.jobs.filter { $0.durationSeconds != nil && $0.status != .skipped }
      .sorted { ($0.durationSeconds ?? 0) > ($1.durationSeconds ?? 0) }.prefix(5)
    if !slowest.isEmpty {
      lines.append("slowest: " + slowest.map { "\($0.id) \(seconds($0.durationSeconds ?? 0))" }.joined(separator: ", "))
    }
    for job in report.jobs where job.attempts.count > 1 && job.status == .built {
      lines.append("\(job.id): built\(retriedNote(job))")
    }
    if let reportPath { lines.append("report: \(reportPath)") }
    return lines.joined(separator: "\n") + "\n"
  }
}
