import Foundation
import GantryCore

/// The words and figures every human-readable report format shares, so they never disagree.
public enum ReportText {
  static let none = "–"

  /// `12.3s`, `2m05s`, or `–`.
  public static func duration(_ seconds: Double?) -> String {
    seconds.map(Summary.seconds) ?? none
  }

  /// `4/5 (80%)`, or `–` when BuildKit reported no steps.
  public static func cache(cached: Int?, total: Int?) -> String {
    guard let cached, let total, total > 0 else { return none }
    return "\(cached)/\(total) (\(percent(Double(cached) / Double(total))))"
  }

  /// `80%` (rounded down below 100 %, so a single uncached step never shows as 100 %).
  public static func percent(_ ratio: Double) -> String {
    let value = ratio * 100
    let shown = value < 100 ? min(99, Int(value.rounded())) : Int(value.rounded())
    return "\(ratio > 0 && shown == 0 ? "<1" : String(shown))%"
  }

  /// `45.1MB`, or `–`.
  public static func size(_ bytes: Int64?) -> String {
    bytes.map(SizeText.display) ?? none
  }

  /// The status as a word, with retries: `built`, `built (2 attempts)`, `failed`, `timed out`.
  public static func status(_ job: JobReport) -> String {
    let word = job.status == .timedOut ? "timed out" : job.status.rawValue
    return job.attempts.count > 1 ? "\(word) (\(job.attempts.count) attempts)" : word
  }

  /// `8 built, 1 failed, 2 skipped` (statuses that occur, in a fixed order).
  public static func counts(_ report: RunReport) -> String {
    let order: [JobStatus] = [.built, .upToDate, .failed, .timedOut, .skipped, .cancelled]
    let parts = order.compactMap { status -> String? in
      let count = report.count(status)
      return count == 0 && status != .built ? nil : "\(count) \(status.rawValue.replacingOccurrences(of: "_", with: " "))"
    }
    return parts.joined(separator: ", ")
  }

  /// The sum of the sizes measured, or nil when none was.
  public static func totalSize(_ report: RunReport) -> Int64? {
    let sizes = report.jobs.compactMap(\.imageSizeBytes)
    return sizes.isEmpty ? nil : sizes.reduce(0, +)
  }

  /// The first 12 characters of a commit id.
  public static func shortCommit(_ commit: String) -> String { String(commit.prefix(12)) }

  /// `base → proto → api (3.2s)`.
  public static func criticalPath(_ run: RunInfo) -> String? {
    guard let path = run.criticalPath, !path.isEmpty else { return nil }
    return path.joined(separator: " → ") + (run.criticalPathSeconds.map { " (\(Summary.seconds($0)))" } ?? "")
  }

  /// One line of run figures: wall time, limit, critical path, efficiency, backend, commit.
  public static func figures(_ run: RunInfo) -> [String] {
    var parts = [
      "wall \(Summary.seconds(run.wallSeconds)) (-j \(run.jobs))", "job time \(Summary.seconds(run.totalJobSeconds))",
    ]
    if let path = criticalPath(run) { parts.append("critical path \(path)") }
    if let efficiency = run.parallelEfficiency { parts.append("parallel efficiency \(percent(efficiency))") }
    parts.append("backend \(run.backend)")
    if let commit = run.gitCommit { parts.append("commit \(shortCommit(commit))") }
    if let shards = run.mergedShards {
      let missing = shards.filter { $0.status == .missing }.map { String($0.index) }
      parts.append(
        "shards \(shards.count - missing.count)/\(shards.count) ran"
          + (missing.isEmpty ? "" : " (did not run: \(missing.joined(separator: ", ")))"))
    } else if let shard = run.shard {
      parts.append("shard \(shard.index)/\(shard.count)")
    }
    return parts
  }
}
