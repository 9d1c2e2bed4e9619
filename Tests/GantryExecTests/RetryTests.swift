import Foundation
import GantryCore
import GantryPlan
import GantryTestSupport
import Testing

@testable import GantryExec
import GantryReport

/// Retries, timeouts and their reports, with real processes: a script that fails its first K runs
/// with a chosen message, then succeeds.
@Suite struct RetryTests {
  /// A script failing its first `failures` runs with `message` on stderr; it counts runs in a file.
  func flaky(root: String, failures: Int, message: String) throws -> String {
    let script = root + "/flaky.sh"
    try Fixtures.write(
      [
        "flaky.sh": """
        #!/bin/sh
        n=$(cat "\(root)/count" 2>/dev/null || echo 0)
        n=$((n + 1))
        echo "$n" > "\(root)/count"
        echo "#1 [internal] load build definition"
        if [ "$n" -le \(failures) ]; then echo '\(message)' >&2; exit 1; fi
        echo "built"
        """
      ], into: root)
    chmod(script, 0o755)
    return script
  }

  func run(_ argv: [String], root: String, policy: JobPolicy, events: LinesCollector = LinesCollector()) async throws
    -> RunReport
  {
    let job = Job(id: "api", service: "api", platforms: [], deps: [], argv: argv, env: [:], tags: [])
    let plan = Plan(root: root, backend: .docker, jobs: [job], levels: [["api"]], criticalPath: ["api"], warnings: [])
    let options = BuildOptions(
      jobs: 1, reportDirectory: root + "/report", runID: "t", grace: .seconds(2), policy: policy)
    try options.makeFolders()
    return await BuildRunner(plan: plan, options: options, progress: LineProgress(write: events.append)).run()
  }

  static let quick = JobPolicy(retries: 2, backoff: .milliseconds(10), rateLimitBackoff: .milliseconds(20))

  @Test func transientFailuresAreRetriedAndReported() async throws {
    let root = try Fixtures.temporaryFolder()
    let script = try flaky(
      root: root, failures: 1,
      message:
        "ERROR: failed to solve: failed to copy: read tcp 10.0.0.2:4567->1.2.3.4:443: read: connection reset by peer")
    let events = LinesCollector()
    let report = try await run([script], root: root, policy: Self.quick, events: events)
    let job = try #require(report.job("api"))
    #expect(job.status == .built)
    #expect(job.attempts.count == 2)
    #expect(job.attempts[0].classification == .transient)
    #expect(job.attempts[0].matchedPattern == "connection reset by peer")
    #expect(job.attempts[0].matchedLine?.hasPrefix("ERROR: failed to solve") == true)
    #expect(job.attempts[0].retryDelaySeconds != nil)
    #expect(job.attempts[1].outcome == .built)
    #expect(events.text.contains("[api] attempt 1 failed: transient failure (connection reset by peer); retrying in"))
    #expect(events.text.contains("[api] built in "))
    #expect(
      Summary.text(report, reportPath: nil).contains(
        "api: built on attempt 2 after transient failure (connection reset by peer)"))
    let log = try String(contentsOfFile: job.logPath!, encoding: .utf8)
    #expect(log.contains("gantry: attempt 1 failed (transient"))
  }

  /// A script that prints one line on its first run and then goes silent for a minute; later runs
  /// build at once.
  func silentOnce(root: String) throws -> String {
    let script = root + "/silent.sh"
    try Fixtures.write(
      [
        "silent.sh": """
        #!/bin/sh
        n=$(cat "\(root)/count" 2>/dev/null || echo 0)
        n=$((n + 1))
        echo "$n" > "\(root)/count"
        echo "#1 [internal] load build definition"
        if [ "$n" -le 1 ]; then exec sleep 60; fi
        echo "built"
        """
      ], into: root)
    chmod(script, 0o755)
    return script
  }

  @Test func aBuildThatGoesSilentIsStoppedByTheWatchdogAndRetried() async throws {
    let root = try Fixtures.temporaryFolder()
    let script = try silentOnce(root: root)
    var policy = Self.quick
    policy.stallTimeout = .seconds(1)
    let report = try await run([script], root: root, policy: policy)
    let job = try #require(report.job("api"))
    #expect(job.status == .built)
    #expect(job.attempts.count == 2)
    #expect(job.attempts[0].outcome == .failed)
    #expect(job.attempts[0].classification == .transient)
    #expect(job.attempts[0].matchedPattern == "stall_timeout")
    #expect(job.attempts[0].matchedLine == "stopped: no output for 1.0s (stall_timeout)")
    // The first attempt was stopped, not left to sleep its minute out.
    #expect(job.attempts[0].durationSeconds < 30)
    let log = try String(contentsOfFile: try #require(job.logPath), encoding: .utf8)
    #expect(log.contains("gantry: stopped: no output for 1.0s (stall_timeout)"))
  }

  @Test func aBuildThatKeepsTalkingIsNotStalled() async throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      ["chatty.sh": "#!/bin/sh\nfor i in 1 2 3 4 5 6; do echo \"step $i\"; sleep 0.5; done\n"], into: root)
    chmod(root + "/chatty.sh", 0o755)
    var policy = Self.quick
    policy.stallTimeout = .seconds(2)
    let report = try await run([root + "/chatty.sh"], root: root, policy: policy)
    #expect(report.job("api")?.status == .built)
    #expect(report.job("api")?.attempts.count == 1)
  }

  @Test func retriesStopAtTheLimit() async throws {
    let root = try Fixtures.temporaryFolder()
    let script = try flaky(root: root, failures: 5, message: "received unexpected HTTP status: 503 Service Unavailable")
    let report = try await run([script], root: root, policy: Self.quick)
    #expect(report.job("api")?.status == .failed)
    #expect(report.job("api")?.attempts.count == 3)
    #expect(try String(contentsOfFile: root + "/count", encoding: .utf8) == "3\n")
  }

  @Test func permanentFailuresAreNeverRetried() async throws {
    let root = try Fixtures.temporaryFolder()
    let script = try flaky(
      root: root, failures: 5, message: "ERROR: process \"/bin/sh -c make\" did not complete successfully: exit code: 2"
    )
    let report = try await run([script], root: root, policy: Self.quick)
    let job = try #require(report.job("api"))
    #expect(job.status == .failed)
    #expect(job.attempts.count == 1)
    #expect(job.attempts[0].classification == .permanent)
  }

  @Test func rateLimitedFailuresWaitLonger() {
    let policy = JobPolicy(backoff: .seconds(2), rateLimitBackoff: .seconds(30), maximumBackoff: .seconds(120))
    #expect(policy.delay(after: .transient, attempt: 1, random: 1) == .seconds(2))
    #expect(policy.delay(after: .transient, attempt: 2, random: 1) == .seconds(4))
    #expect(policy.delay(after: .transient, attempt: 2, random: 0) == .seconds(2))
    #expect(policy.delay(after: .rateLimited, attempt: 1, random: 1) == .seconds(30))
    #expect(policy.delay(after: .rateLimited, attempt: 4, random: 1) == .seconds(120))
    #expect(!policy.shouldRetry(.permanent, attempt: 1))
    #expect(!policy.shouldRetry(.transient, attempt: 3))
    #expect(!policy.shouldRetry(.timedOut, attempt: 1))
  }

  @Test func aBuildPastItsTimeoutIsStoppedAndReported() async throws {
    let root = try Fixtures.temporaryFolder()
    let started = Date()
    // The bound is far below the sleep, and loose enough for a machine loaded by parallel tests.
    let report = try await run(
      ["/bin/sleep", "141.5"], root: root, policy: JobPolicy(retries: 2, timeout: .milliseconds(400)))
    #expect(Date().timeIntervalSince(started) < 60)
    let job = try #require(report.job("api"))
    #expect(job.status == .timedOut)
    #expect(job.attempts.count == 1, "timeouts are not retried unless configured")
    #expect(job.attempts[0].classification == .timedOut)
    #expect(job.error?.hasPrefix("timed out") == true)
    #expect(Processes.matching("sleep 141.5").isEmpty)
  }

  @Test func cancellationStopsRetryingAtOnce() async throws {
    let root = try Fixtures.temporaryFolder()
    let script = try flaky(root: root, failures: 5, message: "dial tcp 1.2.3.4:443: i/o timeout")
    let policy = JobPolicy(retries: 5, backoff: .seconds(300))
    let task = Task { try await run([script], root: root, policy: policy) }
    // Wait for the first attempt to fail and the backoff to begin.
    let attempted = await Poll.until(timeout: 120, interval: .milliseconds(20)) {
      (try? String(contentsOfFile: root + "/count", encoding: .utf8)) != nil
    }
    #expect(attempted, "the first attempt never ran")
    try await Task.sleep(for: .milliseconds(300))
    let cancelled = Date()
    task.cancel()
    let report = try await task.value
    #expect(Date().timeIntervalSince(cancelled) < 60, "the 300 s backoff must end at once")
    #expect(report.job("api")?.status == .cancelled)
    #expect(report.job("api")?.attempts.count == 1)
    #expect(report.run.status == .interrupted)
  }
}
