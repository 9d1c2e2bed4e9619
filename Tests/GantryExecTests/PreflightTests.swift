import Foundation
import GantryCore
import GantryLoad
import GantryPlan
import GantryReport
import GantryTestSupport
import Testing

@testable import GantryExec

/// The engine check before the builds, against the real docker client: an engine that never
/// answers, one that is not there, a client that cannot be started.
@Suite struct PreflightTests {
  /// Debian's docker client, which the sandbox engine script installs.
  static let client: String? = FileManager.default.isExecutableFile(atPath: "/usr/bin/docker") ? "/usr/bin/docker" : nil

  static func requireClient() throws -> String? {
    if let client { return client }
    if Tools.required { throw ClientMissing() }
    print("PreflightTests: skipped, /usr/bin/docker is missing")
    return nil
  }

  struct ClientMissing: Error, CustomStringConvertible {
    var description: String { "/usr/bin/docker is missing (GANTRY_REQUIRE_ENGINE=1; scripts/docker-sandbox.sh installs it)" }
  }

  static func plan(_ builders: [PlannedBuilder] = [PlannedBuilder.implicitDefault()], backend: Backend = .docker) -> Plan {
    let job = Job(
      id: "api", service: "api", platforms: [], deps: [], argv: ["docker", "build", "."], env: [:], tags: ["api:1"],
      builder: builders[0].name, candidates: builders.map(\.name))
    return Plan(
      root: "/", backend: backend, jobs: [job], levels: [["api"]], criticalPath: ["api"], warnings: [],
      builders: builders)
  }

  @Test(.timeLimit(.minutes(1)))
  func anEngineThatNeverAnswersStopsTheRunNamingItsEndpoint() async throws {
    guard let client = try Self.requireClient() else { return }
    let folder = try Fixtures.temporaryFolder()
    let socket = try SilentSocket(in: folder)
    let environment = ["DOCKER_HOST": "unix://\(socket.path)", "PATH": "/usr/bin:/bin"]
    let started = ContinuousClock.now
    let error = await #expect(throws: Preflight.Failure.self) {
      try await Preflight(timeout: .seconds(2)).check(
        Self.plan(), client: client, environment: environment, directory: folder)
    }
    #expect(error?.kind == .noAnswer)
    #expect(error?.exitStatus == .buildFailed)
    #expect(error?.rendered.contains("the engine at DOCKER_HOST=unix://\(socket.path) did not answer within 2.0s") == true)
    // Stopped by the timeout, not by the client giving up on its own.
    #expect(ContinuousClock.now - started < .seconds(50))
  }

  @Test func anEngineThatIsNotThereIsReportedWithWhatTheClientSaid() async throws {
    guard let client = try Self.requireClient() else { return }
    let folder = try Fixtures.temporaryFolder()
    let environment = ["DOCKER_HOST": "unix://\(folder)/missing.sock"]
    let error = await #expect(throws: Preflight.Failure.self) {
      try await Preflight(timeout: .seconds(20)).check(
        Self.plan(), client: client, environment: environment, directory: folder)
    }
    #expect(error?.kind == .unreachable)
    #expect(error?.rendered.contains("DOCKER_HOST=unix://\(folder)/missing.sock") == true)
    #expect(error?.rendered.contains("Cannot connect to the Docker daemon") == true)
  }

  @Test func aClientThatCannotStartIsAConfigurationError() async throws {
    let folder = try Fixtures.temporaryFolder()
    let error = await #expect(throws: Preflight.Failure.self) {
      try await Preflight(timeout: .seconds(5)).check(
        Self.plan(), client: folder + "/no-such-docker", environment: [:], directory: folder)
    }
    #expect(error?.kind == .clientMissing)
    #expect(error?.exitStatus == .badInput)
  }

  @Test func eachEndpointIsAskedOnceAndTheCommandBackendNotAtAll() {
    let builders = [
      PlannedBuilder(name: "a", platforms: ["linux/amd64"], endpoint: .dockerHost("ssh://a")),
      PlannedBuilder(name: "b", platforms: ["linux/arm64"], endpoint: .dockerHost("ssh://a")),
      PlannedBuilder(name: "c", platforms: ["linux/arm64"], endpoint: .dockerContext("arm")),
      PlannedBuilder(name: "unused", platforms: ["linux/s390x"], endpoint: .dockerContext("z")),
    ]
    var plan = Self.plan(Array(builders.prefix(3)))
    plan.builders = builders
    let checks = Preflight.checks(for: plan, client: "docker", environment: [:])
    #expect(checks.map { $0.builder.name } == ["a", "c"])
    #expect(checks[0].command.argv == ["docker", "version", "--format", "{{.Server.Version}}"])
    #expect(checks[0].command.env == ["DOCKER_HOST": "ssh://a"])
    #expect(checks[1].command.argv == ["docker", "--context", "arm", "version", "--format", "{{.Server.Version}}"])
    #expect(Preflight.checks(for: Self.plan(backend: .command), client: "docker", environment: [:]).isEmpty)
  }
}
