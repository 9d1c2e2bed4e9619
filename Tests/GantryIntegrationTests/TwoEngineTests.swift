import Foundation
import GantryTestSupport
import Testing

/// Two real engines declared as two builders: the default sandbox engine (limit 1) and a second
/// sandbox engine this suite starts under a name of its own (limit 2), then removes. Both engines are
/// linux/amd64 (the only platform the sandbox can build), so both builders declare linux/amd64 and
/// every job may go to either: routing, limits and image copies are what is tested here; routing by
/// platform is tested on plans (GantryPlanTests).
@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct TwoEngineTests {
  static func docker(_ host: String, _ arguments: [String]) async throws -> Command.Result {
    try await Command.run([Engine.client] + arguments, environment: ["DOCKER_HOST": host, "DOCKER_BUILDKIT": "1"])
  }

  /// Seven services in four layers; every build sleeps a little so builds overlap.
  static func writeRepository(prefix: String, one: String, two: String) throws -> String {
    let root = try Fixtures.temporaryFolder("two-engines")
    let image = { (name: String) in "\(prefix)/\(name):1" }
    let step = "RUN sleep 1.5 && echo"
    try Fixtures.write(
      [
        "gantry.yml": """
        builders:
          one:
            platforms: [linux/amd64]
            concurrency: 1
            docker_host: \(one)
          two:
            platforms: [linux/amd64]
            concurrency: 2
            docker_host: \(two)
        defaults:
          platforms: [linux/amd64]
        services:
          base: {context: base, image: \(image("base"))}
          tool: {context: tool, image: \(image("tool"))}
          lib: {context: lib, image: \(image("lib"))}
          web: {context: web, image: \(image("web"))}
          worker: {context: worker, image: \(image("worker"))}
          api: {context: api, image: \(image("api"))}
          gateway: {context: gateway, image: \(image("gateway")), needs: [web]}
        """,
        "base/Dockerfile": "FROM local/busybox:1\n\(step) base > /base.txt\n",
        "tool/Dockerfile": "FROM local/busybox:1\n\(step) tool > /tool.txt\n",
        "lib/Dockerfile": "FROM \(image("base"))\n\(step) lib > /lib.txt\n",
        "web/Dockerfile": "FROM \(image("base"))\n\(step) web > /web.txt\n",
        "worker/Dockerfile": "FROM \(image("base"))\n\(step) worker > /worker.txt\n",
        "api/Dockerfile":
          "FROM \(image("lib"))\nCOPY --from=\(image("tool")) /tool.txt /tool.txt\n\(step) api > /api.txt\n",
        "gateway/Dockerfile": "FROM \(image("api"))\n\(step) gateway > /gateway.txt\n",
      ], into: root)
    return root
  }

  @Test func eachImageIsBuiltOnItsBuilderWithinTheLimitsAndDependenciesAreCopiedAcross() async throws {
    try Engine.check()
    let one = try #require(Engine.environment["DOCKER_HOST"])
    let second = try await SandboxEngine.start("multiarch")
    defer { second.remove() }
    let two = second.host
    let prefix = "gt\(UUID().uuidString.prefix(8).lowercased())"
    let root = try Self.writeRepository(prefix: prefix, one: one, two: two)
    let services = ["base", "tool", "lib", "web", "worker", "api", "gateway"]
    defer {
      let tags = services.map { "\(prefix)/\($0):1" }
      for host in [one, two] {
        _ = try? Command.runBlocking(
          [Engine.client, "image", "rm", "-f"] + tags, environment: ["DOCKER_HOST": host], timeout: 180)
      }
      try? FileManager.default.removeItem(atPath: root)
    }

    let plan = try await Command.run([Command.gantry, "plan"], directory: root)
    #expect(plan.status == 0, "\(plan)")
    #expect(plan.stdout.contains("1. base  [linux/amd64]  on one (native; or two if less loaded)"), "\(plan)")

    let result = try await Command.run(
      [Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain", "-j", "3"],
      directory: root)
    #expect(result.status == 0, "\(result)")
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.gantry/runs/latest/report.json"))
    let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let jobs = try #require(report["jobs"] as? [[String: Any]])
    #expect(jobs.count == 7)

    let hosts = ["one": one, "two": two]
    var spans: [String: [(Date, Date)]] = [:]
    var all: [(Date, Date)] = []
    for job in jobs {
      let id = try #require(job["id"] as? String)
      #expect(job["status"] as? String == "built", "\(id)")
      let builder = try #require(job["builder"] as? String, "\(id) has no builder")
      let host = try #require(hosts[builder], "\(id) ran on unknown builder \(builder)")
      #expect(job["emulated"] as? Bool == false)
      // The image is in the engine its builder names, with the id the build reported.
      let inspected = try await Self.docker(host, ["image", "inspect", "--format", "{{.Id}}", "\(prefix)/\(id):1"])
      #expect(inspected.status == 0, "\(id) is not in builder \(builder)'s engine: \(inspected)")
      #expect(inspected.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == job["image_id"] as? String)
      let start = try #require(Report.date(job["started_at"] as? String))
      let end = try #require(Report.date(job["finished_at"] as? String))
      spans[builder, default: []].append((start, end))
      all.append((start, end))
      // A dependency built on the other engine was copied in first.
      let builderOf = { (dep: String) in jobs.first { $0["id"] as? String == dep }?["builder"] as? String }
      let copied = (job["copies"] as? [[String: Any]] ?? []).compactMap { $0["job"] as? String }
      for dep in job["deps"] as? [String] ?? [] where builderOf(dep) != builder {
        #expect(
          copied.contains(dep), "\(id) on \(builder) needs \(dep) from \(builderOf(dep) ?? "?") but nothing was copied")
      }
    }
    #expect(Report.peak(spans["one"] ?? []) <= 1, "builder one ran more than 1 build at once")
    #expect(Report.peak(spans["two"] ?? []) <= 2, "builder two ran more than 2 builds at once")
    #expect(Report.peak(all) <= 3)
    #expect(!(spans["one"] ?? []).isEmpty && !(spans["two"] ?? []).isEmpty, "both builders should have been used")
    #expect(Report.peak(spans["two"] ?? []) == 2, "builder two should have run two builds side by side")
  }
}

/// The emulation warning from `gantry plan`, with the Dockerfile's line, and none for a Dockerfile
/// that cross-compiles (no engine needed: planning starts no process).
@Suite struct EmulationWarningTests {
  func plan(_ dockerfile: String) async throws -> Command.Result {
    let root = try Fixtures.temporaryFolder("emulation")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Fixtures.write(
      [
        "gantry.yml": """
        builders:
          amd: {platforms: [linux/amd64]}
        services:
          app: {context: app, image: acme/app:1, platforms: [linux/amd64, linux/arm64], toolchain: go}
        """,
        "app/Dockerfile": dockerfile,
      ], into: root)
    return try await Command.run([Command.gantry, "plan"], directory: root)
  }

  @Test func warnsWithoutBuildPlatformAndNotWithIt() async throws {
    let emulated = try await plan(
      "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM busybox\nCOPY --from=build /app /app\n")
    #expect(emulated.status == 0, "\(emulated)")
    #expect(
      emulated.stderr.contains(
        "app/Dockerfile:1:1: warning: service 'app' builds linux/arm64 on builder 'amd', which runs linux/amd64: "
          + "stage 'build' (FROM golang:1.23) runs its RUN step (line 2) under emulation"), "\(emulated)")
    #expect(emulated.stderr.contains("hint: write 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build'"))
    #expect(emulated.stdout.contains("app@linux/arm64  [linux/arm64]  on amd (emulated)"))

    let crossCompiled = try await plan(
      "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG GOOS GOARCH\nRUN go build -o /app .\nFROM busybox\nCOPY --from=build /app /app\n"
    )
    #expect(crossCompiled.status == 0)
    #expect(!crossCompiled.stderr.contains("warning"), "\(crossCompiled)")
    #expect(crossCompiled.stdout.contains("--build-arg GOARCH=arm64"))
  }
}

/// Per-platform jobs built for real: the sandbox engine runs linux/amd64 only, but BuildKit builds
/// the linux/amd64/v2 variant natively too, so a service for both becomes two jobs, each loaded
/// under its per-platform tag with its toolchain's arguments.
@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct PerPlatformBuildTests {
  @Test func eachPlatformIsLoadedUnderItsOwnTagWithItsOwnArguments() async throws {
    try Engine.check()
    let root = try Fixtures.temporaryFolder("per-platform")
    let prefix = "gt\(UUID().uuidString.prefix(8).lowercased())"
    let tags = ["\(prefix)/app:1-linux-amd64", "\(prefix)/app:1-linux-amd64-v2"]
    defer {
      Engine.removeImages(tags)
      try? FileManager.default.removeItem(atPath: root)
    }
    try Fixtures.write(
      [
        "gantry.yml": """
        services:
          app:
            context: app
            image: \(prefix)/app:1
            platforms: [linux/amd64, linux/amd64/v2]
            toolchain: go
        """,
        "app/Dockerfile":
          "FROM local/busybox:1\nARG GOOS GOARCH GOAMD64\nRUN echo \"$GOOS $GOARCH $GOAMD64\" > /target.txt\n",
      ], into: root)
    let result = try await Command.run(
      [Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain"],
      directory: root)
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("[app@linux/amd64/v2] built"), "\(result)")
    #expect(try await Engine.file("/target.txt", in: tags[0]) == "linux amd64 \n")
    #expect(try await Engine.file("/target.txt", in: tags[1]) == "linux amd64 v2\n")
    let variant = try await Engine.docker(["image", "inspect", "--format", "{{.Architecture}}/{{.Variant}}", tags[1]])
    #expect(variant.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "amd64/v2")
    let report = try String(contentsOfFile: root + "/.gantry/runs/latest/report.json", encoding: .utf8)
    #expect(report.contains("\"id\" : \"app@linux/amd64/v2\""))
    #expect(FileManager.default.fileExists(atPath: root + "/.gantry/runs/latest/logs/app@linux_amd64_v2.log"))
  }
}
