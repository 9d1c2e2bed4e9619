import Foundation
import GantryTestSupport
import Testing

/// Faults on a real engine, without mocks: a wrapper around the real docker client that fails its
/// first K invocations for chosen images with a real-world message, builds past their timeout, and
/// an engine that stops in the middle of a run.
@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct FaultTests {
  /// Writes the wrapper: for a build tagging one of `$GANTRY_FAULT_TAGS`, the first `$GANTRY_FAULT_COUNT`
  /// invocations print `$GANTRY_FAULT_MESSAGE` on stderr and exit 1; then it runs the real client.
  func faultyClient(in folder: String) throws -> String {
    let path = folder + "/faulty-docker"
    try Fixtures.write(
      [
        "faulty-docker": """
        #!/bin/sh
        # Test double around the real client: fails chosen builds a few times, then runs them.
        # Anything but a build (gantry asks the engine about images too) goes straight through.
        [ "$1" = "build" ] || exec "\(Engine.client)" "$@"
        for arg in "$@"; do
          for tag in $GANTRY_FAULT_TAGS; do
            if [ "$arg" = "$tag" ]; then
              counter="$GANTRY_FAULT_DIR/$(echo "$tag" | tr '/:' '__')"
              n=$(cat "$counter" 2>/dev/null || echo 0)
              n=$((n + 1))
              echo "$n" > "$counter"
              if [ "$n" -le "$GANTRY_FAULT_COUNT" ]; then
                echo "#1 [internal] load build definition from Dockerfile"
                echo "$GANTRY_FAULT_MESSAGE" >&2
                exit 1
              fi
            fi
          done
        done
        exec "\(Engine.client)" "$@"
        """
      ], into: folder)
    chmod(path, 0o755)
    return path
  }

  /// Makes retries quick in the copy's manifest.
  func quickRetries(_ repo: Monorepo, extra: String = "") throws {
    let path = repo.root + "/gantry.yml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(
      of: "defaults:\n", with: "defaults:\n  retry: {retries: 2, backoff: 100ms, rate_limit_backoff: 200ms}\n" + extra
    ).write(toFile: path, atomically: true, encoding: .utf8)
  }

  func invocations(_ folder: String, _ tag: String) -> Int {
    Int(
      (try? String(
        contentsOfFile: folder + "/"
          + tag.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_"), encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0
  }

  @Test func transientFailuresAreRetriedPermanentOnesAreNot() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    try quickRetries(repo)
    let faults = try Fixtures.temporaryFolder("faults")
    let client = try faultyClient(in: faults)
    var environment = [
      "GANTRY_FAULT_TAGS": "\(repo.image("proto")) \(repo.image("web"))", "GANTRY_FAULT_COUNT": "2",
      "GANTRY_FAULT_DIR": faults,
      "GANTRY_FAULT_MESSAGE":
        "ERROR: failed to solve: failed to copy: read tcp 172.17.0.2:45678->104.18.123.25:443: read: connection reset by peer",
    ]
    var result = try await Command.run(
      [Command.gantry, "build", "--backend", "docker", "--docker", client, "--progress", "plain", "-j", "3"],
      environment: environment, directory: repo.root)
    #expect(result.status == 0, "\(result)")
    var report = try repo.rawReport()
    for id in ["proto", "web"] {
      let attempts = report.attempts(of: id)
      #expect(attempts.count == 3)
      #expect(attempts.prefix(2).allSatisfy { $0["classification"] as? String == "transient" })
      #expect(attempts.first?["matched_line"] as? String == environment["GANTRY_FAULT_MESSAGE"])
      #expect(report.status(of: id) == "built")
    }
    #expect(try await Engine.file("/app/service.txt", in: repo.image("web")) == "web\n")
    #expect(result.stderr.contains("proto: built on attempt 3 after transient failure (connection reset by peer)"))

    // A permanent failure is reported at once, never retried.
    try FileManager.default.removeItem(
      atPath: faults + "/"
        + repo.image("proto").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_"))
    environment["GANTRY_FAULT_TAGS"] = repo.image("proto")
    environment["GANTRY_FAULT_COUNT"] = "1"
    environment["GANTRY_FAULT_MESSAGE"] =
      "ERROR: process \"/bin/sh -c protoc api.proto\" did not complete successfully: exit code: 1"
    result = try await Command.run(
      [Command.gantry, "build", "--backend", "docker", "--docker", client, "--progress", "plain", "--force"],
      environment: environment, directory: repo.root)
    #expect(result.status == 1)
    report = try repo.rawReport()
    #expect(report.status(of: "proto") == "failed")
    #expect(report.attempts(of: "proto").count == 1)
    #expect(report.attempts(of: "proto").first?["classification"] as? String == "permanent")
    #expect(invocations(faults, repo.image("proto")) == 1)
  }

  @Test func aBuildPastItsTimeoutIsStopped() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    try repo.setDockerfile("web", "FROM acme/base:1\nRUN sleep 145.75\n")
    let path = repo.root + "/gantry.yml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(
      of: "    context: services/web\n", with: "    context: services/web\n    timeout: 3s\n"
    )
    .write(toFile: path, atomically: true, encoding: .utf8)
    let started = Date()
    let result = try await Command.run(
      [
        Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain",
        "--keep-going",
        "--grace-seconds", "3",
      ], directory: repo.root)
    // Far below the sleep: the step was stopped at its timeout, not waited for.
    #expect(Date().timeIntervalSince(started) < 120)
    #expect(result.status == 1)
    let report = try repo.rawReport()
    #expect(report.status(of: "web") == "timed_out")
    #expect(report.attempts(of: "web").first?["classification"] as? String == "timed_out")
    #expect(report.status(of: "gateway") == "skipped")
    #expect(report.status(of: "api") == "built")
    #expect(result.stderr.contains("[web] TIMED OUT after"))
    // The client is gone at once; the build step itself stops with it.
    let gone = await Poll.until(timeout: 60) { Processes.matching("sleep 145.75").isEmpty }
    #expect(gone, "the timed-out build step is still running 60 s after gantry exited")
  }

  @Test func anEngineThatStopsEndsTheRunAndTheNextRunSucceeds() async throws {
    try Engine.check()
    let engine = try await SandboxEngine.start("faults")
    defer { engine.remove() }
    let repo = try Monorepo()
    defer { try? FileManager.default.removeItem(atPath: repo.root) }
    try quickRetries(repo)
    var originals: [String: String] = [:]
    for service in ["toolchain", "proto", "web"] {
      originals[service] = try String(contentsOfFile: "\(repo.root)/services/\(service)/Dockerfile", encoding: .utf8)
      try repo.setDockerfile(service, "FROM acme/base:1\nRUN sleep 240.5\n")
    }
    let environment = ["DOCKER_HOST": engine.host]
    let run = try Command.start(
      [Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain", "-j", "4"],
      environment: environment, directory: repo.root)
    let building = await Poll.until(timeout: 300) { !Processes.matching("sleep 240.5").isEmpty }
    #expect(building, "the builds never started")
    let stopped = Date()
    try await engine.stop()
    // A hang is a failure, not a stuck test: gantry is stopped if it runs on for 90 s.
    let result = await run.result(timeout: 90)
    #expect(!result.timedOut && Date().timeIntervalSince(stopped) < 60, "the run hung after the engine stopped")
    #expect(result.status == 1, "\(result)")
    let report = try repo.rawReport()
    let classes = report.jobIDs.flatMap { report.attempts(of: $0) }.compactMap { $0["classification"] as? String }
    #expect(classes.contains("engine_unreachable"), "\(classes)\n\(result)")
    #expect(report.jobIDs.allSatisfy { ["built", "failed", "skipped"].contains(report.status(of: $0)) })

    // With the engine back, the same build goes through.
    try await engine.start()
    for (service, text) in originals {
      try text.write(toFile: "\(repo.root)/services/\(service)/Dockerfile", atomically: true, encoding: .utf8)
    }
    let again = try await Command.run(
      [Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain"],
      environment: environment, directory: repo.root)
    #expect(again.status == 0, "\(again)")
  }
}

/// report.json read as plain JSON, for fields the typed `Report` does not decode.
struct RawReport {
  var json: [String: Any]

  var jobs: [[String: Any]] { json["jobs"] as? [[String: Any]] ?? [] }
  var jobIDs: [String] { jobs.compactMap { $0["id"] as? String } }

  func job(_ id: String) -> [String: Any]? { jobs.first { $0["id"] as? String == id } }
  func status(of id: String) -> String? { job(id)?["status"] as? String }
  func attempts(of id: String) -> [[String: Any]] { job(id)?["attempts"] as? [[String: Any]] ?? [] }
}

extension Monorepo {
  func rawReport() throws -> RawReport {
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.gantry/runs/latest/report.json"))
    return RawReport(json: try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
  }
}
