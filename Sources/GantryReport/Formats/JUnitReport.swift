import Foundation

/// `junit.xml`: the run as one test suite and each job as a test case (`classname` = service,
/// `name` = job id, `time` = duration), so CI systems show builds the way they show tests.
///
/// A failed or timed-out job has a `failure` with its error excerpt; a skipped or cancelled job is
/// `skipped`, with the reason; with `--enforce-budgets` a job over budget has a `failure` of type
/// `budget`. The log's path is in `system-out`.
public enum JUnitReport {
  public static func render(_ report: RunReport) -> String {
    let run = report.run
    let failures = report.jobs.filter { failure(for: $0, enforced: run.budgetsEnforced == true) != nil }.count
    let skipped = report.jobs.filter { $0.status == .skipped || $0.status == .cancelled }.count
    let counts =
      "tests=\"\(report.jobs.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds(run.wallSeconds))\""
    var lines = [
      #"<?xml version="1.0" encoding="UTF-8"?>"#,
      "<testsuites name=\"gantry\" \(counts)>",
      "  <testsuite name=\"gantry run \(escape(run.id))\" \(counts) timestamp=\"\(escape(Timestamp.string(run.startedAt)))\">",
      "    <properties>",
    ]
    var properties = [
      ("run_id", run.id), ("status", run.status.rawValue), ("backend", run.backend), ("jobs", String(run.jobs)),
      ("gantry_version", run.gantryVersion),
    ]
    if let commit = run.gitCommit { properties.append(("git_commit", commit)) }
    for (name, value) in properties {
      lines.append("      <property name=\"\(name)\" value=\"\(escape(value))\"/>")
    }
    lines.append("    </properties>")
    for job in report.jobs {
      let time = seconds(job.durationSeconds ?? 0)
      lines.append(
        "    <testcase classname=\"\(escape(job.service))\" name=\"\(escape(job.id))\" time=\"\(time)\">")
      if let (type, message) = failure(for: job, enforced: run.budgetsEnforced == true) {
        lines.append("      <failure type=\"\(type)\" message=\"\(escape(message))\">\(escape(message))</failure>")
      } else if job.status == .skipped || job.status == .cancelled {
        lines.append("      <skipped message=\"\(escape(job.error ?? job.status.rawValue))\"/>")
      }
      if let log = job.logPath { lines.append("      <system-out>log: \(escape(log))</system-out>") }
      lines.append("    </testcase>")
    }
    lines += ["  </testsuite>", "</testsuites>"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The failure's type and message, or nil for a job that did not fail.
  static func failure(for job: JobReport, enforced: Bool) -> (String, String)? {
    switch job.status {
    case .failed: return ("failed", job.error ?? "failed")
    case .timedOut: return ("timed_out", job.error ?? "timed out")
    case .built:
      guard enforced, let warnings = job.budgetWarnings else { return nil }
      return ("budget", "over budget: " + warnings.joined(separator: "; "))
    default: return nil
    }
  }

  /// `1.709` (seconds, three decimals).
  static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

  /// Text safe in an attribute or element: the five XML entities, characters XML 1.0 cannot hold
  /// (control characters such as a log's ANSI escapes) left out.
  static func escape(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result += "&#\(scalar.value);"
      case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): continue
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
