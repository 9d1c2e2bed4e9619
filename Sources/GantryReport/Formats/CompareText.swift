import Foundation

/// `gantry report compare` output: aligned text, Markdown, or JSON.
extension RunComparison {
  public enum Format: String, Sendable, CaseIterable {
    case text, md, json
  }

  public func render(_ format: Format) throws -> String {
    switch format {
    case .text: return text()
    case .md: return markdown()
    case .json: return String(decoding: try ReportStore.encode(self), as: UTF8.self) + "\n"
    }
  }

  /// The cells of one job: job, duration, change, size, change, cache, verdict.
  func cells(_ row: Row) -> [String] {
    let presence = row.baseStatus == nil ? "new job" : row.currentStatus == nil ? "gone" : nil
    let statuses =
      row.baseStatus != row.currentStatus && presence == nil
      ? "\(row.baseStatus ?? "–") → \(row.currentStatus ?? "–")" : nil
    let verdict =
      row.regressions.isEmpty ? (presence ?? statuses ?? "") : "REGRESSED: " + row.regressions.joined(separator: ", ")
    return [
      row.id,
      pair(row.baseDurationSeconds.map(Summary.seconds), row.currentDurationSeconds.map(Summary.seconds)),
      change(row.durationChange),
      pair(row.baseSizeBytes.map { ReportText.size($0) }, row.currentSizeBytes.map { ReportText.size($0) }),
      change(row.sizeChange),
      pair(row.baseCacheHitRatio.map(ReportText.percent), row.currentCacheHitRatio.map(ReportText.percent)),
      verdict,
    ]
  }

  static let headers = ["job", "duration", "change", "size", "change", "cache", ""]

  func text() -> String {
    var lines = [
      "base:    \(base.id) (\(base.status), wall \(Summary.seconds(base.wallSeconds)))",
      "current: \(current.id) (\(current.status), wall \(Summary.seconds(current.wallSeconds)))",
      "",
    ]
    let rows = [Self.headers] + jobs.map(cells)
    let widths = Self.headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
      let padded = row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
      lines.append(padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
    lines += ["", verdict()]
    return lines.joined(separator: "\n") + "\n"
  }

  func markdown() -> String {
    var lines = [
      "### gantry: `\(base.id)` → `\(current.id)`", "",
      "| job | duration | change | size | change | cache | |", "| :-- | --: | --: | --: | --: | --: | :-- |",
    ]
    for row in jobs {
      lines.append("| " + cells(row).map(MarkdownSummary.escape).joined(separator: " | ") + " |")
    }
    lines += ["", MarkdownSummary.escape(verdict())]
    return lines.joined(separator: "\n") + "\n"
  }

  /// `2 jobs regressed (…): api, web` or `no regression (…)`.
  func verdict() -> String {
    let rule =
      "duration above +\(ReportText.percent(thresholds.duration)) and +\(Summary.seconds(thresholds.minimumDurationSeconds)), "
      + "size above +\(ReportText.percent(thresholds.size))"
    if regressed.isEmpty { return "no regression (\(rule))" }
    let jobs = regressed.count == 1 ? "1 job" : "\(regressed.count) jobs"
    return "\(jobs) regressed (\(rule)): \(regressed.joined(separator: ", "))"
  }

  /// `1.2s → 1.5s`, `– → 1.5s`, or empty when neither side has the figure.
  func pair(_ old: String?, _ new: String?) -> String {
    old == nil && new == nil ? "" : "\(old ?? "–") → \(new ?? "–")"
  }

  /// `+25.0%`, `-3.1%`, `0.0%`.
  func change(_ value: Double?) -> String {
    guard let value else { return "" }
    return (value > 0 ? "+" : "") + String(format: "%.1f%%", value * 100)
  }
}
