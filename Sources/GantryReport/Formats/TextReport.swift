import Foundation

/// A run as aligned text for a terminal (`gantry report show`): the outcome, the run's figures, a
/// table of the jobs, failures and budget warnings.
public enum TextReport {
  public static func render(_ report: RunReport) -> String {
    let run = report.run
    var lines = [
      "run \(run.id): \(run.status.rawValue), \(ReportText.counts(report))",
      "started \(Timestamp.string(run.startedAt)) · " + ReportText.figures(run).joined(separator: " · "),
      "",
    ]
    let headers = ["job", "status", "duration", "queue", "cache", "size", "reason"]
    var rows = [headers]
    for job in report.jobs {
      rows.append([
        job.id + (run.criticalPath?.contains(job.id) == true ? " *" : ""), ReportText.status(job),
        ReportText.duration(job.durationSeconds), ReportText.duration(job.queueSeconds),
        ReportText.cache(cached: job.cachedSteps, total: job.totalSteps), ReportText.size(job.imageSizeBytes),
        job.reason ?? "",
      ])
    }
    rows.append([
      "total", "", ReportText.duration(run.totalJobSeconds), "",
      ReportText.cache(cached: run.cachedSteps, total: run.totalSteps),
      ReportText.size(ReportText.totalSize(report)), "",
    ])
    let widths = headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
      let padded = row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
      lines.append(padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
    if run.criticalPath?.isEmpty == false { lines.append("(* on the critical path)") }
    for job in report.jobs {
      if let services = job.services, services.count > 1 {
        lines.append("\(job.id): one image for services \(services.joined(separator: ", "))")
      }
    }
    for job in report.jobs where job.status.isFailure || job.status == .cancelled {
      lines.append("\(job.id): \(job.error ?? job.status.rawValue)")
    }
    for job in report.jobs {
      for warning in job.budgetWarnings ?? [] { lines.append("\(job.id) over budget: \(warning)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
