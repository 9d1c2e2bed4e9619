import Foundation
import GantryCore

extension Trend {
  public enum Format: String, Sendable, CaseIterable {
    case text, csv, html
  }

  public func render(_ format: Format) -> String {
    switch format {
    case .text: TrendText.render(self)
    case .csv: TrendCSV.render(self)
    case .html: TrendHTML.render(self)
    }
  }
}

/// One block per job: a row per run, regressions marked `!`.
enum TrendText {
  static func render(_ trend: Trend) -> String {
    guard !trend.runs.isEmpty else { return "no runs in the history yet (.gantry/history.jsonl)\n" }
    var lines = [
      "\(trend.runs.count) run\(trend.runs.count == 1 ? "" : "s"), \(trend.runs.first!.id) to \(trend.runs.last!.id)",
      "! marks a regression over the job's previous run (duration +\(Int(trend.thresholds.duration * 100))%, "
        + "size +\(Int(trend.thresholds.size * 100))%)",
    ]
    for series in trend.series {
      lines.append("")
      lines.append(
        series.job
          + (series.regressions > 0 ? "  (\(series.regressions) regression\(series.regressions == 1 ? "" : "s"))" : ""))
      var rows = [["  run", "duration", "size", "cache"]]
      for (run, point) in zip(trend.runs, series.points) {
        guard let point else {
          rows.append(["  " + run.id, "–", "–", "–"])
          continue
        }
        rows.append([
          "  " + run.id, Summary.seconds(point.durationSeconds ?? 0) + (point.durationRegressed ? " !" : ""),
          ReportText.size(point.imageSizeBytes) + (point.sizeRegressed ? " !" : ""),
          point.cacheHitRatio.map(ReportText.percent) ?? "–",
        ])
      }
      let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
      for row in rows {
        lines.append(
          row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingTrailingSpaces())
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// One row per run and job that ran in it./// One row per run and job that ran in it (CRLF line ends, as report.csv).
enum TrendCSV {
  static let header =
    "run_id,finished_at,job,duration_seconds,image_size_bytes,cache_hit_ratio,duration_regression,size_regression"

  static func render(_ trend: Trend) -> String {
    var lines = [header]
    for (index, run) in trend.runs.enumerated() {
      for series in trend.series {
        guard let point = series.points[index] else { continue }
        lines.append(
          [
            CSVReport.field(run.id), Timestamp.string(run.finishedAt), CSVReport.field(series.job),
            point.durationSeconds.map(CSVReport.number) ?? "", point.imageSizeBytes.map(String.init) ?? "",
            point.cacheHitRatio.map(CSVReport.number) ?? "", String(point.durationRegressed),
            String(point.sizeRegressed),
          ].joined(separator: ","))
      }
    }
    return lines.map { $0 + "\r\n" }.joined()
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
