import Foundation
import GantryTestSupport
import Testing

/// Locking, scale and secrets through the real executable, with the command backend running real
/// short processes (no engine needed).
@Suite struct ReliabilityTests {
  /// A repository of `count` services in ten layers, built by `command` (argv, no shell).
  func generated(count: Int, command: [String]) throws -> String {
    let root = try Fixtures.temporaryFolder("scale")
    var manifest = "backend:\n  command: [" + command.map { "'\($0)'" }.joined(separator: ", ") + "]\nservices:\n"
    var files: [String: String] = [:]
    let perLayer = max(1, count / 10)
    for index in 0..<count {
      manifest += "  s\(index):\n    context: s\(index)\n"
      if index >= perLayer { manifest += "    needs: [s\(index - perLayer)]\n" }
      files["s\(index)/Dockerfile"] = "FROM local/busybox:1\nCOPY f /f\n"
    }
    files["gantry.yml"] = manifest
    try Fixtures.write(files, into: root)
    return root
  }

  @Test func aThousandJobsWithSixtyFourSlots() async throws {
    let root = try generated(count: 1000, command: ["/bin/true", "{service}"])
    let result = try await Command.run(
      [Command.gantry, "build", "-j", "64", "--progress", "quiet"], directory: root, timeout: 600)
    #expect(result.status == 0, "\(result)")
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.gantry/runs/latest/report.json"))
    let report = try JSONDecoder().decode(Report.self, from: data)
    #expect(report.jobs.count == 1000)
    #expect(report.jobs.allSatisfy { $0.status == "built" })
    #expect(report.peakOverlap <= 64)
    let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let peak = (json?["run"] as? [String: Any])?["peak_memory_bytes"] as? Int
    #expect((peak ?? 0) > 0)
    print(
      "1000 jobs, -j 64: wall \((json?["run"] as? [String: Any])?["wall_seconds"] ?? "?") s, gantry peak memory \((peak ?? 0) >> 20) MiB"
    )
  }

  /// The first run's builds wait for the test to release them (a file appearing), so it holds the
  /// lock for as long as the test needs it, however slowly a loaded machine schedules the test.
  @Test func aSecondRunWaitsOrStops() async throws {
    let root = try generated(count: 2, command: ["./hold.sh", "{service}"])
    try Fixtures.write(
      [
        "hold.sh": """
        #!/bin/sh
        # Test double for a builder: waits for the test's release file (10 minutes at most).
        for _ in $(seq 1 2400); do
          [ -e release ] && exit 0
          sleep 0.25
        done
        exit 1
        """
      ], into: root)
    chmod(root + "/hold.sh", 0o755)
    let first = try Command.start([Command.gantry, "build", "--progress", "plain"], directory: root)
    defer { try? Fixtures.write(["release": ""], into: root) }
    // Wait until the first run holds the lock (a loaded machine may take a while to start it).
    let holder = "pid \(first.pid),"
    let held = await Poll.until(timeout: 120, interval: .milliseconds(50)) {
      (try? String(contentsOfFile: root + "/.gantry/lock", encoding: .utf8))?.contains(holder) == true
    }
    guard held else {
      first.signal(SIGKILL)
      Issue.record("the first run never took the lock: \(await first.result(timeout: 30))")
      return
    }
    let second = try await Command.run([Command.gantry, "build", "--progress", "plain"], directory: root, timeout: 120)
    #expect(second.status == 2, "\(second)")
    #expect(second.stderr.contains("another gantry run is using this repository (pid \(first.pid)"), "\(second)")
    #expect(second.stderr.contains("--wait-for-lock"))
    // A run that waits for the lock is still waiting while the first one builds.
    let waiting = try Command.start(
      [Command.gantry, "build", "--progress", "plain", "--wait-for-lock", "--force"], directory: root)
    try await Task.sleep(for: .seconds(2))
    if !waiting.isRunning {
      Issue.record("the waiting run ended while the lock was held: \(await waiting.result(timeout: 1))")
    }
    #expect(first.isRunning)
    try Fixtures.write(["release": ""], into: root)
    let firstResult = await first.result(timeout: 300)
    #expect(firstResult.status == 0, "\(firstResult)")
    let waited = await waiting.result(timeout: 300)
    #expect(waited.status == 0, "\(waited)")
    // Both runs are in the history, each line whole.
    let history = try String(contentsOfFile: root + "/.gantry/history.jsonl", encoding: .utf8)
    let lines = history.split(separator: "\n")
    #expect(lines.count == 2)
    for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil) }
  }

  @Test func secretLookingArgumentsAreRedactedAndWarnedAbout() async throws {
    let root = try Fixtures.temporaryFolder("secrets")
    try Fixtures.write(
      [
        "gantry.yml":
          "services:\n  api:\n    context: api\n    args: {NPM_TOKEN: tok-12345-value, VERSION: '1'}\n    secrets: {ssh_key: {env: DEPLOY_KEY}}\n",
        "api/Dockerfile": "FROM busybox\n",
      ], into: root)
    for format in ["text", "json"] {
      let result = try await Command.run([Command.gantry, "plan", "--format", format], directory: root, timeout: 120)
      #expect(result.status == 0, "\(result)")
      #expect(!result.stdout.contains("tok-12345-value") && !result.stderr.contains("tok-12345-value"))
      #expect(result.stdout.contains("NPM_TOKEN=***"))
      #expect(result.stdout.contains("VERSION=1"))
      #expect(result.stdout.contains("id=ssh_key,env=DEPLOY_KEY"))
      #expect(result.stderr.contains("warning: build argument 'NPM_TOKEN' of service 'api' looks like a secret"))
    }
  }
}
