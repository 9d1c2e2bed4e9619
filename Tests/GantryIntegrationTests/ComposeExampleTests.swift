import Foundation
import GantryTestSupport
import Testing

/// examples/compose: a compose project planned and built as it stands, with no gantry.yml.
@Suite struct ComposeExampleTests {
  static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../examples/compose").standardizedFileURL.path

  /// `${REGISTRY:-shop}` and `${BASE_TAG:-1}` at their defaults (an empty value counts as unset).
  static let defaults = ["REGISTRY": "", "BASE_TAG": ""]

  @Test func planFindsTheGraphInTheComposeFile() async throws {
    let plan = try await Command.run(
      [Command.gantry, "plan", "--format", "json", "--backend", "docker"], environment: Self.defaults,
      directory: Self.example)
    #expect(plan.status == 0, "\(plan)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
    #expect(json["order"] as? [String] == ["base", "catalog", "storefront"], "db has no build: section")
    let jobs = json["jobs"] as? [[String: Any]] ?? []
    let byID = Dictionary(uniqueKeysWithValues: jobs.compactMap { job in (job["id"] as? String).map { ($0, job) } })
    #expect(byID["storefront"]?["deps"] as? [String] == ["base", "catalog"], "depends_on is no build edge")
    let catalog = byID["catalog"]?["argv"] as? [String] ?? []
    #expect(catalog.contains("BASE=shop/base:1"))
    #expect(catalog.contains("CATALOG_VERSION=2026.11"), "a list-form arg without a value comes from .env")

    let graph = try await Command.run(
      [Command.gantry, "graph", "--format", "dot"], environment: Self.defaults, directory: Self.example)
    #expect(graph.status == 0)
    #expect(graph.stdout.contains("\"storefront\" -> \"catalog\" [label=\"FROM shop/catalog:1\"];"), "\(graph)")
  }
}

@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct ComposeExampleBuildTests {
  @Test func theComposeProjectBuildsForReal() async throws {
    try Engine.check()
    let root = try Fixtures.temporaryFolder("compose")
    try FileManager.default.removeItem(atPath: root)
    try FileManager.default.copyItem(atPath: ComposeExampleTests.example, toPath: root)
    try? FileManager.default.removeItem(atPath: root + "/.gantry")
    // Images under a registry name of this test's own, through the compose file's ${REGISTRY}.
    let registry = "gt\(UUID().uuidString.prefix(8).lowercased())"
    let images = ["base", "catalog", "storefront"].map { "\(registry)/\($0):1" }
    defer {
      Engine.removeImages(images)
      try? FileManager.default.removeItem(atPath: root)
    }
    let result = try await Command.run(
      [Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain"],
      environment: ["REGISTRY": registry, "BASE_TAG": ""], directory: root)
    #expect(result.status == 0, "\(result)")

    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.gantry/runs/latest/report.json"))
    let report = try JSONDecoder().decode(Report.self, from: data)
    #expect(report.jobs.map(\.id).sorted() == ["base", "catalog", "storefront"])
    #expect(report.jobs.allSatisfy { $0.status == "built" })
    for job in report.jobs {
      for dependency in job.deps {
        let finished = try #require(Report.date(report.job(dependency)?.finished_at))
        let started = try #require(Report.date(job.started_at))
        #expect(started >= finished, "\(job.id) started before \(dependency) finished")
      }
    }
    // The storefront read the catalog's data from the catalog's image; the catalog got .env's value.
    #expect(try await Engine.file("/srv/www/status.txt", in: images[2]) == "items: 4\n")
    #expect(try await Engine.file("/srv/catalog/version.txt", in: images[1]) == "2026.11\n")
    #expect(try await Engine.file("/srv/base.txt", in: images[2]) == "shop base\n")
  }
}
