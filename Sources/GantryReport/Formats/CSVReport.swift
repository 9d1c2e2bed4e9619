import Foundation

/// `report.csv`: one row per job with its flat fields, a header row, RFC 4180 quoting and CRLF line
/// ends. Lists are joined with spaces (`platforms`, `deps`, `tags`) or `; ` (`budget_warnings`);
/// absent values are empty cells.
public enum CSVReport {
  /// The columns, in order, with how each is read from a job.
  static let columns: [(name: String, value: @Sendable (JobReport) -> String?)] = [
    ("id", { $0.id }),
    ("service", { $0.service }),
    ("status", { $0.status.rawValue }),
    ("builder", { $0.builder }),
    ("slot", { $0.slot.map(String.init) }),
    ("platforms", { $0.platforms.joined(separator: " ") }),
    ("emulated", { $0.emulated.map(String.init) }),
    ("reason", { $0.reason }),
    ("deps", { $0.deps.joined(separator: " ") }),
    ("tags", { $0.tags.joined(separator: " ") }),
    ("queued_at", { $0.queuedAt.map(Timestamp.string) }),
    ("started_at", { $0.startedAt.map(Timestamp.string) }),
    ("finished_at", { $0.finishedAt.map(Timestamp.string) }),
    ("queue_seconds", { $0.queueSeconds.map(number) }),
    ("build_seconds", { $0.buildSeconds.map(number) }),
    ("duration_seconds", { $0.durationSeconds.map(number) }),
    ("attempts", { String($0.attempts.count) }),
    ("exit_code", { $0.exitCode.map(String.init) }),
    ("cached_steps", { $0.cachedSteps.map(String.init) }),
    ("total_steps", { $0.totalSteps.map(String.init) }),
    ("cache_hit_ratio", { $0.cacheHitRatio.map(number) }),
    ("image_id", { $0.imageId }),
    ("image_digest", { $0.imageDigest }),
    ("image_size_bytes", { $0.imageSizeBytes.map(String.init) }),
    ("context_bytes", { $0.contextBytes.map(String.init) }),
    ("context_files", { $0.contextFiles.map(String.init) }),
    ("budget_warnings", { $0.budgetWarnings?.joined(separator: "; ") }),
    ("log_path", { $0.logPath }),
    ("error", { $0.error }),
  ]

  public static var header: [String] { columns.map(\.name) }

  public static func render(_ report: RunReport) -> String {
    var rows = [header]
    for job in report.jobs { rows.append(columns.map { $0.value(job) ?? "" }) }
    return rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
  }

  /// A field, quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled.
  static func field(_ value: String) -> String {
    let needsQuotes =
      value.contains { $0 == "," || $0 == "\"" || $0.isNewline }
      || value.first == " " || value.last == " "
    return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
  }

  /// `1.5`, `0.25`, `3` (shortest form that reads back as the same number).
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }
}
