import Foundation
import GantryCore

@testable import GantryReport

/// A fixed run, built by hand: six jobs on two slots, a retried job, a failure whose message needs
/// quoting everywhere, a skipped job, a job over budget. Every format's golden file comes from it.
enum SampleReport {
  static let start = at(10)

  /// `2026-11-23T11:18:<seconds>Z`.
  /// Made from the text, as a report read back from JSON would be.
  static func at(_ seconds: Double) -> Date {
    Timestamp.date(String(format: "2026-11-23T11:18:%06.3fZ", seconds)) ?? Date(timeIntervalSince1970: 0)
  }

  static func job(
    _ id: String, deps: [String] = [], status: JobStatus = .built, queued: Double?, started: Double?, finished: Double?
  ) -> JobReport {
    var job = JobReport(
      id: id, service: id, platforms: ["linux/amd64"], status: status, deps: deps, tags: ["acme/\(id):1"])
    job.queuedAt = queued.map(at)
    job.startedAt = started.map(at)
    job.finishedAt = finished.map(at)
    if let started, let finished {
      job.durationSeconds = ((finished - started) * 1000).rounded() / 1000
      job.exitCode = status == .built ? 0 : 1
      job.logPath = "/repo/.gantry/runs/20261123T111810Z-99557c/logs/\(id).log"
      job.argv = [
        "docker", "build", "--iidfile", ".gantry/runs/20261123T111810Z-99557c/iid/\(id).iid", "--build-arg",
        "NPM_TOKEN=***", "-t", "acme/\(id):1", "services/\(id)",
      ]
      job.attempts = [
        AttemptReport(
          number: 1, startedAt: at(started), finishedAt: at(finished), durationSeconds: job.durationSeconds ?? 0,
          exitCode: job.exitCode, outcome: status)
      ]
      job.builder = "default"
      job.emulated = false
      job.reason = "forced"
    }
    return job
  }

  /// The report as `gantry build` would have completed it (analysis and budgets applied).
  static var report: RunReport {
    var base = job("base", queued: 10, started: 10, finished: 11.5)
    base.reason = "not built before"
    base.imageId = "sha256:798a6092e24664ae47e8a15d8742d548ddb6e08cbae3e83a62f055e5f6dc59af"
    base.cachedSteps = 1
    base.totalSteps = 2
    base.cacheHitRatio = 0.5
    base.imageSizeBytes = 4_400_000
    base.contextBytes = 47
    base.contextFiles = 2

    var toolchain = job("toolchain", deps: ["base"], queued: 11.5, started: 11.51, finished: 13)
    toolchain.cachedSteps = 0
    toolchain.totalSteps = 2
    toolchain.cacheHitRatio = 0
    toolchain.imageSizeBytes = 4_512_345
    toolchain.imageDigest = "sha256:2f6e4b1c0d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"

    var proto = job("proto", deps: ["base"], queued: 11.5, started: 11.52, finished: 13.52)
    proto.attempts = [
      AttemptReport(
        number: 1, startedAt: at(11.52), finishedAt: at(12.02), durationSeconds: 0.5, exitCode: 1, outcome: .failed,
        classification: .transient, matchedPattern: "connection reset by peer",
        matchedLine: "ERROR: failed to copy: read tcp: connection reset by peer", retryDelaySeconds: 0.5),
      AttemptReport(
        number: 2, startedAt: at(12.52), finishedAt: at(13.52), durationSeconds: 1, exitCode: 0, outcome: .built),
    ]
    proto.cachedSteps = 2
    proto.totalSteps = 2
    proto.cacheHitRatio = 1
    proto.imageSizeBytes = 4_400_120

    var web = job("web", deps: ["base"], queued: 11.5, started: 13, finished: 14)
    web.cachedSteps = 2
    web.totalSteps = 2
    web.cacheHitRatio = 1
    web.imageSizeBytes = 612_000_000

    var api = job("api", deps: ["proto", "toolchain"], status: .failed, queued: 13.52, started: 13.53, finished: 15)
    api.error =
      #"exit 1: ERROR: failed to solve: process "/bin/sh -c make, then <none> | x" did not complete successfully"#
    api.cachedSteps = 3
    api.totalSteps = 5
    api.cacheHitRatio = 0.6
    api.contextBytes = 2310
    api.contextFiles = 14

    var gateway = job("gateway", deps: ["api", "web"], status: .skipped, queued: nil, started: nil, finished: nil)
    gateway.error = "dependency 'api' failed"

    let jobs = [base, toolchain, proto, web, api, gateway]
    var info = RunInfo(
      id: "20261123T111810Z-99557c", startedAt: start, finishedAt: at(15.01), wallSeconds: 5.01, status: .failed,
      jobs: 2,
      keepGoing: true, backend: "docker", gantryVersion: "0.1.0",
      totalJobSeconds: ((jobs.compactMap(\.durationSeconds).reduce(0, +)) * 1000).rounded() / 1000)
    info.peakMemoryBytes = 52_428_800
    info.gitCommit = "0123456789abcdef0123456789abcdef01234567"
    info.cachedSteps = 8
    info.totalSteps = 13
    info.cacheHitRatio = 0.6154
    var report = RunReport(run: info, jobs: jobs)
    RunAnalysis.apply(to: &report)
    BudgetCheck.apply(["web": Budgets(maxImageSizeBytes: 500_000_000)], enforce: false, to: &report)
    return report
  }
}
