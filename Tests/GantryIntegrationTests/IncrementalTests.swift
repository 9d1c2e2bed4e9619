import Foundation
import GantryTestSupport
import Testing

/// Incremental builds on the real engine and the local registry (docs/incremental.md): what is
/// up to date is not built, what changed is built with its dependents, and the reason says why.
@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct IncrementalTests {
  struct Job: Decodable {
    var id: String
    var status: String
    var reason: String?
    var inputs_digest: String?
  }

  struct Run: Decodable {
    var jobs: [Job]
  }

  /// id → (status, reason) of the last run.
  func last(_ repo: Monorepo) throws -> [String: (status: String, reason: String)] {
    let data = try Data(contentsOf: URL(fileURLWithPath: repo.root + "/.gantry/runs/latest/report.json"))
    let run = try JSONDecoder().decode(Run.self, from: data)
    return Dictionary(uniqueKeysWithValues: run.jobs.map { ($0.id, ($0.status, $0.reason ?? "")) })
  }

  func built(_ repo: Monorepo) throws -> Set<String> {
    Set(try last(repo).filter { $0.value.status == "built" }.keys)
  }

  @Test(.timeLimit(.minutes(10)))
  func onlyWhatChangedIsBuiltAndTheReportSaysWhy() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    let first = try await repo.build([])
    #expect(first.status == 0, "\(first)")
    #expect(try built(repo) == Set(Monorepo.services))
    let firstReasons = try last(repo)
    #expect(firstReasons["api"]?.reason == "not built before", "\(firstReasons)")

    // Nothing changed: no builder runs at all.
    let again = try await repo.build([])
    #expect(again.status == 0, "\(again)")
    #expect(try built(repo).isEmpty)
    #expect(try last(repo).values.allSatisfy { $0.status == "up_to_date" && $0.reason == "up to date" })
    #expect(again.stderr.contains("8 up to date"), "\(again)")
    #expect(!FileManager.default.fileExists(atPath: repo.root + "/.gantry/runs/latest/logs/api.log"))

    // A file no instruction reads, and one the ignore file excludes: still nothing to build.
    try "notes\n".write(toFile: repo.root + "/services/api/README.md", atomically: true, encoding: .utf8)
    try "*.log\n".write(toFile: repo.root + "/services/web/.dockerignore", atomically: true, encoding: .utf8)
    _ = try await repo.build([])
    let afterIgnoreFile = try last(repo)
    #expect(try built(repo) == ["web", "gateway"], "a new ignore file is an input of web's build: \(afterIgnoreFile)")
    #expect(afterIgnoreFile["web"]?.reason == "ignore file changed")
    try "debug\n".write(toFile: repo.root + "/services/web/build.log", atomically: true, encoding: .utf8)
    _ = try await repo.build([])
    #expect(try built(repo).isEmpty, "web/build.log is ignored; api/README.md is read by no instruction")

    // An included file: that service and the services built on it.
    let source = repo.root + "/services/api/main.src"
    try (try String(contentsOfFile: source, encoding: .utf8) + "// more\n").write(
      toFile: source, atomically: true, encoding: .utf8)
    _ = try await repo.build([])
    #expect(try built(repo) == ["api", "migrations", "gateway"])
    #expect(try last(repo)["api"]?.reason == "files changed: main.src")
    #expect(try last(repo)["migrations"]?.reason == "upstream changed: api")
    #expect(try await Engine.file("/app/service.txt", in: repo.image("api")) == "api\n")

    // A build argument: the same.
    let manifest = repo.root + "/gantry.yml"
    try (try String(contentsOfFile: manifest, encoding: .utf8)).replacingOccurrences(
      of: "GO_VERSION: \"1.23\"", with: "GO_VERSION: \"1.24\""
    ).write(toFile: manifest, atomically: true, encoding: .utf8)
    _ = try await repo.build([])
    #expect(try built(repo) == ["api", "migrations", "gateway"])
    #expect(try last(repo)["api"]?.reason == "build arg GO_VERSION changed: 1.23 → 1.24")

    // --force builds everything; an image removed from the engine is built again.
    _ = try await repo.build(["--force"])
    #expect(try built(repo) == Set(Monorepo.services))
    #expect(try last(repo)["base"]?.reason == "forced")
    _ = try await Engine.docker(["rmi", repo.image("web")])
    _ = try await repo.build([])
    #expect(try built(repo) == ["web"])
    #expect(try last(repo)["web"]?.reason == "image \(repo.image("web")) is gone")
  }

  @Test func statusSaysWhatWouldBeBuiltAndWhy() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    #expect(try await repo.build([]).status == 0)
    try "changed\n".write(toFile: repo.root + "/services/web/index.html", atomically: true, encoding: .utf8)
    let status = try await Command.run(
      [Command.gantry, "status", "--format", "json", "--backend", "docker", "--docker", Engine.client],
      directory: repo.root)
    #expect(status.status == 0, "\(status)")
    struct Status: Decodable {
      struct Row: Decodable {
        var id, service, state, reason, inputs_digest: String
      }
      var jobs: [Row]
    }
    let rows = try JSONDecoder().decode(Status.self, from: Data(status.stdout.utf8)).jobs
    #expect(rows.count == 8)
    let states = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.state) })
    #expect(states["web"] == "stale")
    #expect(states["gateway"] == "stale")
    #expect(states["api"] == "up_to_date")
    #expect(rows.first { $0.id == "web" }?.reason == "files changed: index.html")
    #expect(rows.allSatisfy { $0.inputs_digest.hasPrefix("sha256:") && $0.inputs_digest.count == 71 })
    // Status built nothing.
    #expect(try await Engine.file("/app/www/index.html", in: repo.image("web")) != "changed\n")
  }

  /// A CI runner starts with an empty engine: the images pushed by an earlier run are found in the
  /// registry with the inputs they were built from, so nothing is built.
  @Test(.timeLimit(.minutes(10)))
  func aWipedEngineWithTheRegistryBuildsNothing() async throws {
    try Engine.check()
    guard Registry.shouldRun else { return }
    try Registry.check()
    let registry = try #require(Registry.host)
    let repo = try Monorepo(prefix: "\(registry)/gt\(UUID().uuidString.prefix(8).lowercased())")
    defer { repo.cleanUp() }
    #expect(try await repo.build([]).status == 0)
    for tag in repo.allTags {
      let pushed = try await Engine.docker(["push", tag])
      #expect(pushed.status == 0, "\(pushed)")
    }
    repo.removeImagesAndState()

    let status = try await Command.run(
      [Command.gantry, "status", "--backend", "docker", "--docker", Engine.client], directory: repo.root)
    #expect(status.status == 0, "\(status)")
    #expect(status.stdout.contains("8 up to date, 0 to build"), "\(status)")
    #expect(status.stdout.contains("up to date in \(registry)"), "\(status)")
    let build = try await repo.build([])
    #expect(build.status == 0, "\(build)")
    #expect(try built(repo).isEmpty)

    // A change rebuilds what it touches; the rest stays in the registry.
    try "changed\n".write(toFile: repo.root + "/services/web/index.html", atomically: true, encoding: .utf8)
    let rebuilt = try await repo.build([])
    #expect(rebuilt.status == 0, "\(rebuilt)")
    #expect(try built(repo) == ["web", "gateway"])
  }

  /// A registry that cannot be asked is never a reason to skip: the job is built, with a warning.
  @Test func aRegistryThatIsDownMeansBuilding() async throws {
    try Engine.check()
    let repo = try Monorepo(prefix: "127.0.0.1:9/gt\(UUID().uuidString.prefix(8).lowercased())")
    defer { repo.cleanUp() }
    let build = try await repo.build(["base"])
    #expect(build.status == 0, "\(build)")
    #expect(try built(repo) == ["base"])
    #expect(build.stderr.contains("warning: could not ask 127.0.0.1:9 whether"), "\(build)")
  }
}

/// Nightly rebuilds: a base image whose tag moved rebuilds exactly what is built on it.
@Suite(.enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct BaseImageMovedTests {
  @Test func aMovedBaseRebuildsExactlyItsDependentsAndSaysFromWhatToWhat() async throws {
    try Engine.check()
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let base = "gantry-test/nightly-base-\(suffix):1"
    let root = try Fixtures.temporaryFolder("nightly")
    try Fixtures.write(
      [
        "gantry.yml": """
        services:
          app: {context: app, image: "gantry-test/nightly-app-\(suffix):1"}
          tool: {context: tool, image: "gantry-test/nightly-tool-\(suffix):1"}
          web: {context: web, image: "gantry-test/nightly-web-\(suffix):1"}
        """,
        "app/Dockerfile": "FROM \(base)\nRUN echo app > /app.txt\n",
        "tool/Dockerfile": "FROM gantry-test/nightly-app-\(suffix):1\nRUN echo tool > /tool.txt\n",
        "web/Dockerfile": "FROM local/busybox:1\nRUN echo web > /web.txt\n",
        "moved/Dockerfile": "FROM local/busybox:1\nRUN echo moved > /moved.txt\n",
      ], into: root)
    let tags = ["app", "tool", "web"].map { "gantry-test/nightly-\($0)-\(suffix):1" } + [base]
    defer {
      Engine.removeImages(tags)
      try? FileManager.default.removeItem(atPath: root)
    }
    #expect(try await Engine.docker(["tag", "local/busybox:1", base]).status == 0)
    let build = [Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain"]
    let first = try await Command.run(build + ["--pull"], directory: root)
    #expect(first.status == 0, "\(first)")

    // The tag moves to another image (what a registry does to golang:1.23 between two nights).
    let before = try await Engine.docker(["image", "inspect", "--format", "{{.Id}}", base]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try await Engine.docker(["build", "-q", "-t", base, root + "/moved"]).status == 0)
    let after = try await Engine.docker(["image", "inspect", "--format", "{{.Id}}", base]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(before != after)

    let nightly = try await Command.run(build + ["--pull"], directory: root)
    #expect(nightly.status == 0, "\(nightly)")
    let report = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: root + "/.gantry/runs/latest/report.json"))) as? [String: Any])
    let jobs = Dictionary(
      uniqueKeysWithValues: (report["jobs"] as? [[String: Any]] ?? []).map {
        ($0["id"] as? String ?? "", ($0["status"] as? String ?? "", $0["reason"] as? String ?? ""))
      })
    #expect(jobs["app"]?.0 == "built")
    #expect(jobs["app"]?.1 == "base image \(base) moved \(before) → \(after)")
    #expect(jobs["tool"]?.0 == "built")
    #expect(jobs["tool"]?.1 == "upstream changed: app")
    #expect(jobs["web"]?.0 == "up_to_date")
  }
}
