import Foundation

/// `report.html`: one self-contained page (no external assets): the run's figures, a Gantt
/// timeline with one lane per builder slot, one bar per job that ran (the critical path
/// highlighted, retries as segments), and a table of every job, sortable by any column.
///
/// The timeline and table are rendered here, so the page shows them without JavaScript; the small
/// script only sorts the table. Once it has run, `<body>` carries `data-ready="1"` and
/// `data-bars` (the number of bars), which the headless-browser test reads.
public enum HTMLReport {
  public static func render(_ report: RunReport) -> String {
    let run = report.run
    var html = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="gantry \(escape(run.gantryVersion))">
      <title>gantry run \(escape(run.id)): \(escape(run.status.rawValue))</title>
      <style>
      \(HTMLAssets.style)
      </style>
      </head>
      <body data-ready="0" data-bars="0">
      <header>
      <h1>gantry run <code>\(escape(run.id))</code></h1>
      <p class="status \(run.status.rawValue)"><strong>\(escape(run.status.rawValue))</strong>: \(escape(ReportText.counts(report)))</p>
      <ul class="figures">\n
      """
    for figure in figures(report) { html += "<li>\(escape(figure))</li>\n" }
    html += "</ul>\n</header>\n<main>\n<h2>Timeline</h2>\n"
    html += timeline(report)
    html += "<h2>Jobs</h2>\n"
    html += table(report)
    html += "</main>\n<script>\n\(HTMLAssets.script)\n</script>\n</body>\n</html>\n"
    return html
  }

  static func figures(_ report: RunReport) -> [String] {
    let run = report.run
    var figures = ["started \(Timestamp.string(run.startedAt))"] + ReportText.figures(run)
    if run.totalSteps != nil {
      figures.append("cache \(ReportText.cache(cached: run.cachedSteps, total: run.totalSteps))")
    }
    if let size = ReportText.totalSize(report) { figures.append("images \(ReportText.size(size)) in all") }
    if let over = run.overBudget { figures.append("over budget: \(over.joined(separator: ", "))") }
    return figures
  }

  /// One row per builder slot (per shard in a merged report); bars placed in percent of the wall time.
  static func timeline(_ report: RunReport) -> String {
    let origin = report.run.startedAt
    let ran = report.jobs.filter { $0.startedAt != nil }
    guard !ran.isEmpty else { return "<p class=\"empty\">No job ran.</p>\n" }
    let end = ran.compactMap(\.finishedAt).max() ?? origin
    let span = max(report.run.wallSeconds, end.timeIntervalSince(origin), 0.001)
    let offset = { (date: Date?) in max(0, (date ?? origin).timeIntervalSince(origin)) }
    let percent = { (seconds: Double) in String(format: "%.3f%%", seconds / span * 100) }
    let critical = Set(report.run.criticalPath ?? [])
    var html = "<div class=\"gantt\" role=\"img\" aria-label=\"timeline of the jobs, one lane per builder slot\">\n"
    html += "<div class=\"lane axis\"><span class=\"lane-label\">seconds</span><div class=\"track\">"
    for tick in ticks(span) {
      html += "<span class=\"tick\" style=\"left:\(percent(tick))\">\(tickLabel(tick))</span>"
    }
    html += "</div></div>\n"
    for lane in lanes(report, ran: ran) {
      let rows = max(1, (lane.jobs.compactMap(\.slot).max() ?? 0) + 1)
      let height = lane.stacked && rows > 1 ? " style=\"height:\(rows * 26 + 4)px\"" : ""
      html += "<div class=\"lane\"\(lane.attributes)\(height)>"
      html += "<span class=\"lane-label\">\(escape(lane.label))</span><div class=\"track\"\(height)>"
      for job in lane.jobs {
        let start = offset(job.startedAt)
        let length = max(offset(job.finishedAt ?? job.startedAt) - start, 0)
        let classes =
          ["bar", job.status.rawValue] + (critical.contains(job.id) ? ["critical"] : [])
          + (job.attempts.count > 1 ? ["retried"] : [])
        let top = lane.stacked ? "top:\((job.slot ?? 0) * 26 + 2)px;" : ""
        html +=
          "<a class=\"\(classes.joined(separator: " "))\" href=\"#job-\(escape(job.id))\" data-job=\"\(escape(job.id))\""
        html += " style=\"\(top)left:\(percent(start));width:\(percent(length))\" title=\"\(escape(tooltip(job)))\">"
        if job.attempts.count > 1, length > 0 {
          for attempt in job.attempts {
            let from = offset(attempt.startedAt) - start
            let width = offset(attempt.finishedAt) - offset(attempt.startedAt)
            html +=
              "<span class=\"attempt \(attempt.outcome.rawValue)\" style=\"left:\(String(format: "%.3f%%", from / length * 100));"
            html += "width:\(String(format: "%.3f%%", width / length * 100))\"></span>"
          }
        }
        html += "<span class=\"label\">\(critical.contains(job.id) ? "★ " : "")\(escape(job.id))</span></a>"
      }
      html += "</div></div>\n"
    }
    html +=
      "</div>\n<p class=\"legend\"><span class=\"key built\"></span>built <span class=\"key critical\"></span>critical path"
    html += " <span class=\"key failed\"></span>failed <span class=\"key timed_out\"></span>timed out"
    html += " <span class=\"key cancelled\"></span>cancelled <span class=\"key wait\"></span>waiting to retry"
    if let path = ReportText.criticalPath(report.run) { html += " · critical path: \(escape(path))" }
    return html + "</p>\n"
  }

  /// A row of the timeline: its label, its HTML attributes, its bars.
  struct Lane {
    var label: String
    var attributes: String
    var jobs: [JobReport]
    /// Jobs of several slots share the lane, each slot a row of its own (shards of a merged report).
    var stacked = false
  }

  /// One lane per builder slot; in a merged report, one lane per shard (its slots stacked in it),
  /// a shard that did not run included, labelled so.
  static func lanes(_ report: RunReport, ran: [JobReport]) -> [Lane] {
    if let shards = report.run.mergedShards {
      let count = report.run.shard?.count ?? shards.count
      return shards.map { shard in
        let missing = shard.status == .missing
        return Lane(
          label: "shard \(shard.index)/\(count)" + (missing ? " · did not run" : ""),
          attributes: " data-shard=\"\(shard.index)\"" + (missing ? " data-missing=\"1\"" : ""),
          jobs: ran.filter { $0.shard == shard.index }, stacked: true)
      }
    }
    var result: [Lane] = []
    for builder in Array(Set(ran.map { $0.builder ?? "default" })).sorted() {
      let jobs = ran.filter { ($0.builder ?? "default") == builder }
      for slot in Set(jobs.map { $0.slot ?? 0 }).sorted() {
        result.append(
          Lane(
            label: "\(builder) · slot \(slot + 1)",
            attributes: " data-builder=\"\(escape(builder))\" data-slot=\"\(slot)\"",
            jobs: jobs.filter { ($0.slot ?? 0) == slot }))
      }
    }
    return result
  }

  /// `api: built in 1.7s, queued 0.0s, cache 4/5 (80%), 45.1MB`.
  static func tooltip(_ job: JobReport) -> String {
    var parts = ["\(job.id): \(ReportText.status(job)) in \(ReportText.duration(job.durationSeconds))"]
    if let queue = job.queueSeconds { parts.append("queued \(Summary.seconds(queue))") }
    if job.totalSteps != nil {
      parts.append("cache \(ReportText.cache(cached: job.cachedSteps, total: job.totalSteps))")
    }
    if let size = job.imageSizeBytes { parts.append(ReportText.size(size)) }
    if let error = job.error { parts.append(error) }
    return parts.joined(separator: ", ")
  }

  /// Tick positions in seconds: 1, 2 or 5 × 10ⁿ apart, about six of them.
  static func ticks(_ span: Double) -> [Double] {
    let raw = span / 6
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].first { $0 * magnitude >= raw }.map { $0 * magnitude } ?? magnitude * 10
    return stride(from: 0, through: span, by: step).map { $0 }
  }

  static func tickLabel(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds))s" : String(format: "%gs", seconds)
  }

  /// The job table; each cell's `data-value` is what sorting compares (numbers for number columns).
  static func table(_ report: RunReport) -> String {
    let columns: [(title: String, numeric: Bool)] = [
      ("job", false), ("service", false), ("status", false), ("builder", false), ("queue", true), ("build", true),
      ("duration", true), ("attempts", true), ("cache", true), ("size", true), ("context", true), ("reason", false),
      ("notes", false),
    ]
    var html = "<table id=\"jobs\">\n<thead><tr>"
    for column in columns {
      html += "<th scope=\"col\" data-type=\"\(column.numeric ? "number" : "text")\">\(column.title)</th>"
    }
    html += "</tr></thead>\n<tbody>\n"
    for (index, job) in report.jobs.enumerated() {
      let critical = report.run.criticalPath?.contains(job.id) == true
      let notes = [job.error] + (job.budgetWarnings ?? []).map { Optional("over budget: \($0)") }
      let cells: [(text: String, value: String)] = [
        (job.id + (critical ? " ★" : ""), job.id),
        (job.service, job.service),
        (ReportText.status(job), job.status.rawValue),
        (
          job.builder.map { b in job.slot.map { "\(b) · slot \($0 + 1)" } ?? b } ?? "–",
          "\(job.builder ?? "")\(job.slot ?? -1)"
        ),
        (ReportText.duration(job.queueSeconds), number(job.queueSeconds)),
        (ReportText.duration(job.buildSeconds), number(job.buildSeconds)),
        (ReportText.duration(job.durationSeconds), number(job.durationSeconds)),
        (String(job.attempts.count), String(job.attempts.count)),
        (ReportText.cache(cached: job.cachedSteps, total: job.totalSteps), number(job.cacheHitRatio)),
        (ReportText.size(job.imageSizeBytes), job.imageSizeBytes.map(String.init) ?? ""),
        (contextText(job), job.contextBytes.map(String.init) ?? ""),
        (job.reason ?? "–", job.reason ?? ""),
        (notes.compactMap { $0 }.joined(separator: "; "), notes.compactMap { $0 }.joined(separator: "; ")),
      ]
      let rowClass = [job.status.rawValue] + (critical ? ["critical"] : [])
      html += "<tr id=\"job-\(escape(job.id))\" class=\"\(rowClass.joined(separator: " "))\" data-index=\"\(index)\">"
      for cell in cells {
        html += "<td data-value=\"\(escape(cell.value))\">\(escape(cell.text))</td>"
      }
      html += "</tr>\n"
    }
    return html + "</tbody>\n</table>\n<p class=\"legend\">★ on the critical path. Click a column to sort.</p>\n"
  }

  /// `2.3kB, 14 files`.
  static func contextText(_ job: JobReport) -> String {
    let parts = [
      job.contextBytes.map { ReportText.size($0) }, job.contextFiles.map { "\($0) file\($0 == 1 ? "" : "s")" },
    ]
    let text = parts.compactMap { $0 }.joined(separator: ", ")
    return text.isEmpty ? "–" : text
  }

  static func number(_ value: Double?) -> String { value.map { String($0) } ?? "" }

  /// Text safe in HTML content and attribute values.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }
}
