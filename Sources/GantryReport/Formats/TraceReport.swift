import Foundation

/// `trace.json`: the run in Chrome's trace-event format (opens in Perfetto and chrome://tracing).
///
/// Each builder is a process and each of its slots a thread (lane); every attempt of a job is one
/// complete (`X`) span on its job's lane, and a wait before a retry is a span of category
/// `retry-wait`. Times are microseconds from the run's start.
public enum TraceReport {
  struct Event: Encodable {
    var name: String
    var cat: String?
    var ph: String
    var ts: Int64?
    var dur: Int64?
    var pid: Int
    var tid: Int?
    var args: [String: String]?
  }

  public static func render(_ report: RunReport) throws -> String {
    let origin = report.run.startedAt
    let micros = { (date: Date) -> Int64 in Int64((date.timeIntervalSince(origin) * 1_000_000).rounded()) }
    let builders = Array(Set(report.jobs.filter { $0.startedAt != nil }.map { $0.builder ?? "default" })).sorted()
    var events: [Event] = []
    for (index, builder) in builders.enumerated() {
      events.append(Event(name: "process_name", ph: "M", pid: index + 1, args: ["name": "builder \(builder)"]))
      let slots = Set(report.jobs.filter { ($0.builder ?? "default") == builder }.compactMap(\.slot)).sorted()
      for slot in slots {
        events.append(
          Event(name: "thread_name", ph: "M", pid: index + 1, tid: slot + 1, args: ["name": "slot \(slot + 1)"]))
      }
    }
    for job in report.jobs where job.startedAt != nil {
      let pid = (builders.firstIndex(of: job.builder ?? "default") ?? 0) + 1
      let tid = (job.slot ?? 0) + 1
      var attempts = job.attempts
      if attempts.isEmpty, let started = job.startedAt {
        // A report without attempts (cancelled before its first attempt returned): one span.
        attempts = [
          AttemptReport(
            number: 1, startedAt: started, finishedAt: job.finishedAt ?? started,
            durationSeconds: job.durationSeconds ?? 0,
            exitCode: job.exitCode, outcome: job.status)
        ]
      }
      for attempt in attempts {
        let start = micros(attempt.startedAt)
        let end = micros(attempt.finishedAt)
        var args = [
          "job": job.id, "service": job.service, "outcome": attempt.outcome.rawValue, "attempt": String(attempt.number),
        ]
        args["exit_code"] = attempt.exitCode.map(String.init)
        args["classification"] = attempt.classification?.rawValue
        if attempt.number == attempts.count {
          args["cache"] = job.totalSteps.map { _ in ReportText.cache(cached: job.cachedSteps, total: job.totalSteps) }
          args["image_size"] = job.imageSizeBytes.map { ReportText.size($0) }
        }
        let name = attempts.count > 1 ? "\(job.id) (attempt \(attempt.number))" : job.id
        events.append(
          Event(name: name, cat: "build", ph: "X", ts: start, dur: max(0, end - start), pid: pid, tid: tid, args: args))
        if let delay = attempt.retryDelaySeconds, delay > 0 {
          events.append(
            Event(
              name: "\(job.id) waits to retry", cat: "retry-wait", ph: "X", ts: end,
              dur: Int64((delay * 1_000_000).rounded()),
              pid: pid, tid: tid, args: ["job": job.id, "after_attempt": String(attempt.number)]))
        }
      }
    }
    var other = ["run_id": report.run.id, "status": report.run.status.rawValue, "backend": report.run.backend]
    other["critical_path"] = report.run.criticalPath?.joined(separator: " → ")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // One event per line: small diffs, and still one JSON document.
    let lines = try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    let otherData = String(decoding: try encoder.encode(other), as: UTF8.self)
    return "{\"displayTimeUnit\":\"ms\",\"otherData\":\(otherData),\"traceEvents\":[\n"
      + lines.joined(separator: ",\n") + "\n]}\n"
  }
}
