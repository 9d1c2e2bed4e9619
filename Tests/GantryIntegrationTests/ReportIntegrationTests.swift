import Foundation
import GantryTestSupport
import Testing

/// Reports of real builds on a real engine: cache figures, image sizes, every format, budgets.
@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct ReportIntegrationTests {
  /// The report.json fields these tests read, decoded independently of gantry's own types.
  struct Measured: Decodable {
    struct Run: Decodable {
      var id: String
      var status: String
      var critical_path: [String]?
      var parallel_efficiency: Double?
      var cache_hit_ratio: Double?
      var git_commit: String?
      var over_budget: [String]?
    }

    struct Job: Decodable {
      var id: String
      var status: String
      var finished_at: String?
      var reason: String?
      var builder: String?
      var slot: Int?
      var emulated: Bool?
      var queue_seconds: Double?
      var build_seconds: Double?
      var cached_steps: Int?
      var total_steps: Int?
      var cache_hit_ratio: Double?
      var image_size_bytes: Int?
      var context_bytes: Int?
      var context_files: Int?
      var budget_warnings: [String]?
    }

    var run: Run
    var jobs: [Job]

    static func latest(in repo: Monorepo) throws -> Measured {
      try JSONDecoder().decode(
        Measured.self, from: Data(contentsOf: URL(fileURLWithPath: repo.runFolder + "/report.json")))
    }
  }

  static let commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

  /// A monorepo copy whose base image is new to the engine (so nothing downstream is cached), in a
  /// git repository of its own.
  static func coldRepository() throws -> Monorepo {
    let repo = try Monorepo()
    // No history of earlier runs (the example folder may hold the demo's .gantry/).
    try? FileManager.default.removeItem(atPath: repo.root + "/.gantry")
    try Fixtures.write(
      [
        "services/base/motd": "built by the report test \(repo.prefix)\n",
        ".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": commit + "\n",
      ], into: repo.root)
    return repo
  }

  @Test func coldBuildThenForcedRebuild() async throws {
    try Engine.check()
    let repo = try Self.coldRepository()
    defer { repo.cleanUp() }
    let cold = try await repo.build(["-j", "3"])
    #expect(cold.status == 0, "\(cold)")
    let first = try Measured.latest(in: repo)
    #expect(first.jobs.count == 8)
    for job in first.jobs {
      // Every service of the example has RUN steps, and none of them can be cached yet.
      let ratio = try #require(job.cache_hit_ratio, "\(job.id) has no cache figures")
      #expect(ratio < 1, "\(job.id): a cold build cannot be fully cached")
      #expect((job.total_steps ?? 0) >= 2)
      #expect(job.reason == "not built before")
      #expect((job.image_size_bytes ?? 0) > 0, "\(job.id) has no size")
      #expect((job.context_bytes ?? 0) > 0)
      #expect((job.context_files ?? 0) >= 1)
      #expect(job.builder == "default")
      #expect(job.emulated == false)
      #expect((job.slot ?? 99) < 3)
      #expect(job.queue_seconds != nil && job.build_seconds != nil)
    }
    #expect(first.run.git_commit == Self.commit)
    let path = try #require(first.run.critical_path)
    #expect(path.first == "base")
    let lastFinished = first.jobs.max { ($0.finished_at ?? "") < ($1.finished_at ?? "") }
    #expect(path.last == lastFinished?.id)
    #expect((first.run.parallel_efficiency ?? 0) > 0)
    #expect(cold.stderr.contains("report: "))

    // The same build again, forced although nothing changed: every step comes from the cache.
    let forced = try await repo.build(["-j", "3", "--force"])
    #expect(forced.status == 0, "\(forced)")
    let second = try Measured.latest(in: repo)
    for job in second.jobs {
      #expect(job.cache_hit_ratio == 1, "\(job.id): \(job.cached_steps ?? -1)/\(job.total_steps ?? -1) cached")
      #expect(job.reason == "forced")
    }
    #expect(second.run.cache_hit_ratio == 1)

    // Every format is there, and what people and CI read checks out.
    let folder = repo.runFolder
    for name in ["report.csv", "junit.xml", "summary.md", "trace.json", "report.html"] {
      #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name) missing")
    }
    let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
    #expect(summary.contains("| base | built |"))
    #expect(summary.contains("(100%)"))
    let junit = try String(contentsOfFile: folder + "/junit.xml", encoding: .utf8)
    #expect(junit.components(separatedBy: "<testcase ").count - 1 == 8)
    let history = try String(contentsOfFile: repo.root + "/.gantry/history.jsonl", encoding: .utf8)
    #expect(history.split(separator: "\n").count == 2)
    #expect(history.contains("\"sizes\""))
    #expect(history.contains("\"cache_ratios\""))

    // These checks need outside tools: skipped with the reason printed, or failed under CI.
    if Tools.shouldRun(Tools.python, for: "coldBuildThenForcedRebuild (report.json against the schema)") {
      let schema = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        .appendingPathComponent("../../docs/report.schema.json").standardizedFileURL.path
      let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        for path in sys.argv[2:]:
            jsonschema.validate(json.load(open(path)), schema, cls=jsonschema.Draft202012Validator)
        """
      let first = "\(repo.root)/.gantry/runs/\(first.run.id)/report.json"
      let result = try await Tools.python(script, [schema, first, folder + "/report.json"])
      #expect(result.status == 0, "\(result)")
    }
    if Tools.shouldRun(Tools.chromium, for: "coldBuildThenForcedRebuild (report.html in chromium)") {
      let screenshot = ProcessInfo.processInfo.environment["GANTRY_SCREENSHOT_RUN"]
      let page = try await Tools.chromiumDOM(of: folder + "/report.html", screenshot: screenshot)
      #expect(page.stdout.contains("data-ready=\"1\""), "\(page)")
      #expect(page.stdout.contains("data-bars=\"8\""))
    }

    // The two runs compared: a fully cached rebuild is no regression in size.
    let compare = try await Command.run(
      [Command.gantry, "report", "compare", "--format", "json"], directory: repo.root)
    #expect(compare.status == 0, "\(compare)")
    let show = try await Command.run([Command.gantry, "report", "show"], directory: repo.root)
    #expect(show.status == 0)
    #expect(show.stdout.contains("run \(second.run.id): succeeded, 8 built"))
  }

  @Test func budgetsWarnOrFailAndCIFilesAreWritten() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    let manifest = repo.root + "/gantry.yml"
    let text = try String(contentsOfFile: manifest, encoding: .utf8)
    try text.replacingOccurrences(of: "defaults:\n", with: "defaults:\n  max_image_size: 1kB\n")
      .write(toFile: manifest, atomically: true, encoding: .utf8)
    let outputs = try Fixtures.temporaryFolder("ci-files")
    let stepSummary = outputs + "/step-summary.md"

    let enforced = try await Command.run(
      [
        Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain",
        "--enforce-budgets", "--junit", outputs + "/junit.xml", "--html", outputs + "/html/report.html", "base", "web",
      ], environment: ["GITHUB_STEP_SUMMARY": stepSummary], directory: repo.root)
    #expect(enforced.status == 1, "\(enforced)")
    #expect(enforced.stderr.contains("error: base is over budget: image is"))
    let report = try Measured.latest(in: repo)
    #expect(report.run.status == "failed")
    #expect(report.run.over_budget == ["base", "web"])
    #expect(report.jobs.allSatisfy { $0.status == "built" })
    #expect(FileManager.default.fileExists(atPath: outputs + "/junit.xml"))
    #expect(FileManager.default.fileExists(atPath: outputs + "/html/report.html"))
    let junit = try String(contentsOfFile: outputs + "/junit.xml", encoding: .utf8)
    #expect(junit.contains("type=\"budget\""))
    let appended = try String(contentsOfFile: stepSummary, encoding: .utf8)
    #expect(appended.contains("| base | built, over budget |"))

    let warned = try await repo.build(["base", "--force"])
    #expect(warned.status == 0, "\(warned)")
    #expect(warned.stderr.contains("warning: base is over budget: image is"))
  }
}

extension Monorepo {
  /// The folder of the last run.
  var runFolder: String {
    let link = root + "/.gantry/runs/latest"
    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) ?? "latest"
    return root + "/.gantry/runs/" + target
  }
}
