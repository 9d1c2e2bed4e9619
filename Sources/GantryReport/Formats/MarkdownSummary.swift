/// `summary.md`: a Markdown table of the jobs (job, status, duration, cache, size), totals, run
/// figures, failures and budget warnings. Written for GitHub's job summary (`$GITHUB_STEP_SUMMARY`).
public enum MarkdownSummary {
  public static func render(_ report: RunReport) -> String {
    let run = report.run
    var lines = [
      "### gantry run `\(run.id)`: \(run.status.rawValue)", "",
      "| job | status | duration | cache | size |",
      "| :-- | :-- | --: | --: | --: |",
    ]
    for job in report.jobs {
      let status = ReportText.status(job) + (job.budgetWarnings == nil ? "" : ", over budget")
      let cells = [
        job.id, status, ReportText.duration(job.durationSeconds),
        ReportText.cache(cached: job.cachedSteps, total: job.totalSteps), ReportText.size(job.imageSizeBytes),
      ]
      lines.append("| " + cells.map(escape).joined(separator: " | ") + " |")
    }
    let totals = [
      "total", ReportText.counts(report), ReportText.duration(run.totalJobSeconds),
      ReportText.cache(cached: run.cachedSteps, total: run.totalSteps), ReportText.size(ReportText.totalSize(report)),
    ]
    lines.append("| " + totals.map { "**\(escape($0))**" }.joined(separator: " | ") + " |")
    lines += ["", ReportText.figures(run).map(escape).joined(separator: " · ")]

    let failures = report.jobs.filter { $0.status.isFailure || $0.status == .cancelled }
    if !failures.isEmpty {
      lines += ["", "**Failures**", ""]
      for job in failures {
        lines.append("- \(escape(job.id)): \(escape(job.error ?? job.status.rawValue))")
      }
    }
    let over = report.jobs.filter { $0.budgetWarnings != nil }
    if !over.isEmpty {
      lines += ["", run.budgetsEnforced == true ? "**Over budget (enforced: the run fails)**" : "**Over budget**", ""]
      for job in over {
        lines.append("- \(escape(job.id)): \(escape((job.budgetWarnings ?? []).joined(separator: "; ")))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Text safe inside a table cell or list item: Markdown and HTML characters escaped, one line.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "|", "#", "~": result += "\\\(character)"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "&": result += "&amp;"
      case "\n", "\r", "\t": result += " "
      default: result.append(character)
      }
    }
    return result
  }
}
