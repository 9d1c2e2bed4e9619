import Foundation

/// Figures derived from a run's timestamps alone: queue and build time, slots, the measured
/// critical path, parallel efficiency. Pure: the same report always gives the same figures.
public enum RunAnalysis {
  /// Fills `queue_seconds`, `build_seconds`, `slot`, and the run's critical path and efficiency.
  public static func apply(to report: inout RunReport) {
    let slots = slots(report.jobs)
    for index in report.jobs.indices {
      var job = report.jobs[index]
      if let queued = job.queuedAt, let started = job.startedAt {
        job.queueSeconds = rounded(max(0, started.timeIntervalSince(queued)))
      }
      if !job.attempts.isEmpty {
        job.buildSeconds = rounded(job.attempts.map(\.durationSeconds).reduce(0, +))
      } else if job.startedAt != nil {
        job.buildSeconds = job.durationSeconds
      }
      job.slot = slots[job.id]
      report.jobs[index] = job
    }
    let path = criticalPath(report.jobs)
    report.run.criticalPath = path
    report.run.criticalPathSeconds = rounded(path.compactMap { report.job($0)?.durationSeconds }.reduce(0, +))
    let ran = report.jobs.filter { $0.startedAt != nil }.count
    report.run.parallelEfficiency = parallelEfficiency(
      totalJobSeconds: report.run.totalJobSeconds, wallSeconds: report.run.wallSeconds, limit: report.run.jobs,
      jobsRun: ran)
  }

  /// The lane each job that ran occupied on its builder: the lowest lane free when it started
  /// (a lane is free again the moment its job finishes). Lanes never exceed the jobs in flight.
  public static func slots(_ jobs: [JobReport]) -> [String: Int] {
    let spans = jobs.compactMap { job -> (id: String, builder: String, start: Date, end: Date)? in
      guard let start = job.startedAt else { return nil }
      let end = job.finishedAt ?? start
      return (job.id, job.builder ?? "default", start, end)
    }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    var busyUntil: [String: [Date]] = [:]
    var result: [String: Int] = [:]
    for span in spans {
      var lanes = busyUntil[span.builder] ?? []
      if let free = lanes.firstIndex(where: { $0 <= span.start }) {
        lanes[free] = span.end
        result[span.id] = free
      } else {
        lanes.append(span.end)
        result[span.id] = lanes.count - 1
      }
      busyUntil[span.builder] = lanes
    }
    return result
  }

  /// The chain of jobs that decided when the run ended: the job that finished last, then the
  /// dependency of it that finished last, and so on; first job first.
  public static func criticalPath(_ jobs: [JobReport]) -> [String] {
    let ends = Dictionary(
      jobs.compactMap { job in job.finishedAt.map { (job.id, $0) } },
      uniquingKeysWith: { first, _ in first })
    let byID = Dictionary(jobs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    // Among ids, the one that finished last (ties: the first id in alphabetical order).
    let latest = { (ids: [String]) -> String? in
      ids.compactMap { id in ends[id].map { (id: id, end: $0) } }.max { ($0.end, $1.id) < ($1.end, $0.id) }?.id
    }
    var path: [String] = []
    var current = latest(jobs.map(\.id))
    while let id = current, !path.contains(id) {
      path.append(id)
      current = latest(byID[id]?.deps ?? [])
    }
    return path.reversed()
  }

  /// `total / (wall × min(limit, jobs that ran))`, capped at 1; nil when nothing ran.
  public static func parallelEfficiency(totalJobSeconds: Double, wallSeconds: Double, limit: Int, jobsRun: Int)
    -> Double?
  {
    let slots = min(max(limit, 1), jobsRun)
    guard slots > 0, wallSeconds > 0 else { return nil }
    return (min(1, totalJobSeconds / (wallSeconds * Double(slots))) * 1000).rounded() / 1000
  }

  static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
