import Foundation
import GantryCore
import GantryPlan
import GantryTestSupport
import Testing

@testable import GantryExec
import GantryReport

/// The runner with real short processes instead of builds: scheduling, logs, reports, cancellation.
@Suite struct BuildRunnerTests {
  func plan(_ jobs: [(id: String, deps: [String], argv: [String])], root: String) -> Plan {
    let list = jobs.map {
      Job(id: $0.id, service: $0.id, platforms: [], deps: $0.deps, argv: $0.argv, env: ["GANTRY_TEST": "1"], tags: [])
    }
    let order =
      (try? GraphAlgorithms.topologicalOrder(
        list.map(\.id).sorted(), dependencies: { id in list.first { $0.id == id }!.deps }
      ).get()) ?? []
    return Plan(
      root: root, backend: .docker, jobs: order.map { id in list.first { $0.id == id }! }, levels: [], criticalPath: [],
      warnings: [])
  }

  func options(_ root: String, jobs: Int, keepGoing: Bool = false) throws -> BuildOptions {
    let options = BuildOptions(
      jobs: jobs, keepGoing: keepGoing, reportDirectory: root + "/report", runID: "test", grace: .seconds(2))
    try options.makeFolders()
    return options
  }

  @Test func runsInDependencyOrderWithinTheLimitAndLogsEachJob() async throws {
    let root = try Fixtures.temporaryFolder()
    let sleep = ["/bin/sleep", "0.3"]
    let plan = plan(
      [
        ("a", [], sleep), ("b", ["a"], sleep), ("c", ["a"], sleep), ("d", ["a"], sleep),
        ("e", ["b", "c", "d"], ["/usr/bin/env"]),
      ],
      root: root)
    let report = await BuildRunner(
      plan: plan, options: try options(root, jobs: 2), progress: LineProgress(quiet: true, write: { _ in })
    ).run()
    #expect(report.run.status == .succeeded)
    #expect(report.jobs.allSatisfy { $0.status == .built })
    let starts = Dictionary(uniqueKeysWithValues: report.jobs.map { ($0.id, $0.startedAt!) })
    let ends = Dictionary(uniqueKeysWithValues: report.jobs.map { ($0.id, $0.finishedAt!) })
    for job in report.jobs { for dep in job.deps { #expect(ends[dep]! <= starts[job.id]!) } }
    // b, c, d are ready together but only two may run at once: at no start are two others running.
    for job in report.jobs {
      let others = report.jobs.filter {
        $0.id != job.id && starts[$0.id]! <= starts[job.id]! && ends[$0.id]! > starts[job.id]!
      }
      #expect(others.count <= 1, "\(job.id) started while \(others.map(\.id)) ran")
    }
    // Each job's output went to its own log, its environment included the job's variables.
    let log = try String(contentsOfFile: root + "/report/logs/e.log", encoding: .utf8)
    #expect(log.contains("GANTRY_TEST=1"))
  }

  @Test func aMissingBinaryIsAFailureWithAReason() async throws {
    let root = try Fixtures.temporaryFolder()
    let plan = plan([("a", [], ["/nonexistent/docker", "build", "."])], root: root)
    let report = await BuildRunner(
      plan: plan, options: try options(root, jobs: 1), progress: LineProgress(quiet: true, write: { _ in })
    ).run()
    #expect(report.job("a")?.status == .failed)
    #expect(report.job("a")?.error?.hasPrefix("could not start") == true)
  }

  @Test func failuresKeepTheExitCodeAndTheLastLogLine() async throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "fail.sh":
          "#!/bin/sh\necho step 1\necho 'ERROR: process \"/bin/sh -c make\" did not complete successfully: exit code: 2' >&2\nexit 3\n"
      ], into: root)
    chmod(root + "/fail.sh", 0o755)
    let plan = plan([("a", [], [root + "/fail.sh"]), ("b", ["a"], ["/bin/true"])], root: root)
    let lines = LinesCollector()
    let report = await BuildRunner(
      plan: plan, options: try options(root, jobs: 1), progress: LineProgress(write: lines.append)
    ).run()
    #expect(report.job("a")?.exitCode == 3)
    #expect(
      report.job("a")?.error == "exit 3: ERROR: process \"/bin/sh -c make\" did not complete successfully: exit code: 2"
    )
    #expect(report.job("b")?.status == .skipped)
    #expect(report.run.status == .failed)
    let printed = lines.text
    #expect(printed.contains("[a] FAILED (exit 3) — log: \(root)/report/logs/a.log"))
    #expect(printed.contains("  │ step 1"))
    #expect(printed.contains("[b] skipped: dependency 'a' failed"))
  }

  @Test func cancellingStopsRunningProcessesAndMarksTheRest() async throws {
    let root = try Fixtures.temporaryFolder()
    let plan = plan([("slow", [], ["/bin/sleep", "137.5"]), ("after", ["slow"], ["/bin/true"])], root: root)
    let registry = ProcessRegistry()
    let runner = BuildRunner(
      plan: plan, options: try options(root, jobs: 2), progress: LineProgress(quiet: true, write: { _ in }),
      registry: registry)
    let task = Task { await runner.run() }
    let started = await Poll.until(timeout: 120, interval: .milliseconds(20)) { !registry.processGroups.isEmpty }
    guard started, let pid = registry.processGroups.first else {
      task.cancel()
      Issue.record("the slow job never started")
      return
    }
    let cancelledAt = Date()
    task.cancel()
    let report = await task.value
    // Far below the sleep, loose enough for a machine loaded by parallel tests.
    #expect(Date().timeIntervalSince(cancelledAt) < 60)
    #expect(kill(pid, 0) != 0, "the process must be gone")
    #expect(report.run.status == .interrupted)
    #expect(report.job("slow")?.status == .cancelled)
    #expect(report.job("after")?.status == .cancelled)
    #expect(report.job("after")?.error == "not started: the run was interrupted")
  }

  @Test func logTailReadsOnlyTheEnd() throws {
    let root = try Fixtures.temporaryFolder()
    let lines = (1...100_000).map { "line \($0)" }.joined(separator: "\n") + "\n"
    try lines.write(toFile: root + "/big.log", atomically: true, encoding: .utf8)
    #expect(LogTail.lines(of: root + "/big.log", count: 3) == ["line 99998", "line 99999", "line 100000"])
  }
}

/// Collects printed lines from concurrent writers.
final class LinesCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []

  var append: @Sendable (String) -> Void {
    { [self] text in
      lock.lock(); lines.append(text); lock.unlock()
    }
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return lines.joined()
  }
}
