import Foundation
import GantryTestSupport
import Testing

/// `gantry report show|compare` on hand-written runs: no engine needed.
@Suite struct ReportCLITests {
  /// One job's figures in a hand-written report.json.
  struct JobFigures {
    var id: String
    var seconds: Double
    var size: Int
    var ratio: Double
  }

  /// A repository folder with runs under .gantry/runs, oldest first.
  func repository(_ runs: [(id: String, jobs: [JobFigures])]) throws -> String {
    let root = try Fixtures.temporaryFolder("report-cli")
    for run in runs {
      let jobs = run.jobs.map { job in
        """
        {"id": "\(job.id)", "service": "\(job.id)", "platforms": [], "status": "built", "deps": [], "tags": [],
         "started_at": "2026-11-23T11:18:10.000Z", "finished_at": "2026-11-23T11:18:12.000Z",
         "duration_seconds": \(job.seconds), "image_size_bytes": \(job.size), "cache_hit_ratio": \(job.ratio),
         "cached_steps": 1, "total_steps": 2, "attempts": []}
        """
      }
      let text = """
        {"schema_version": 1, "run": {"id": "\(run.id)", "started_at": "2026-11-23T11:18:10.000Z",
          "finished_at": "2026-11-23T11:18:20.000Z", "wall_seconds": 10, "status": "succeeded", "jobs": 4,
          "keep_going": false, "backend": "docker", "gantry_version": "0.1.0", "total_job_seconds": 10},
         "jobs": [\(jobs.joined(separator: ","))]}
        """
      try Fixtures.write([".gantry/runs/\(run.id)/report.json": text], into: root)
    }
    return root
  }

  func gantry(_ arguments: [String], in root: String) async throws -> Command.Result {
    try await Command.run([Command.gantry, "report"] + arguments, directory: root)
  }

  @Test func compareFailsOnAnInjectedRegression() async throws {
    let root = try repository([
      ("20261123T100000Z-aaaaaa", [JobFigures(id: "api", seconds: 10, size: 100_000_000, ratio: 1)]),
      ("20261123T110000Z-bbbbbb", [JobFigures(id: "api", seconds: 10.5, size: 100_000_000, ratio: 1)]),
      ("20261123T120000Z-cccccc", [JobFigures(id: "api", seconds: 14, size: 120_000_000, ratio: 0.5)]),
    ])
    // Defaults: the last run against the one before it.
    let flagged = try await gantry(["compare", "--fail-on-regression"], in: root)
    #expect(flagged.status == 1, "\(flagged)")
    #expect(flagged.stdout.contains("base:    20261123T110000Z-bbbbbb"))
    #expect(flagged.stdout.contains("REGRESSED: duration, size"))
    // Without the flag a regression is reported, not a failure.
    #expect(try await gantry(["compare"], in: root).status == 0)
    // Looser thresholds: nothing to flag.
    let loose = try await gantry(
      ["compare", "--fail-on-regression", "--duration-threshold", "50", "--size-threshold", "25"], in: root)
    #expect(loose.status == 0, "\(loose)")
    #expect(loose.stdout.contains("no regression"))
    // The first two runs by id prefix: +5 % is no regression.
    let early = try await gantry(["compare", "20261123T10", "20261123T11", "--fail-on-regression"], in: root)
    #expect(early.status == 0, "\(early)")
  }

  @Test func compareWritesJSONAndMarkdown() async throws {
    let root = try repository([
      ("20261123T100000Z-aaaaaa", [JobFigures(id: "api", seconds: 10, size: 100, ratio: 1)]),
      ("20261123T110000Z-bbbbbb", [JobFigures(id: "api", seconds: 20, size: 100, ratio: 1)]),
    ])
    let json = try await gantry(["compare", "--format", "json"], in: root)
    #expect(json.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(object?["regressed"] as? [String] == ["api"])
    let markdown = try await gantry(["compare", "--format", "md"], in: root)
    #expect(markdown.stdout.contains("| api | 10.0s → 20.0s | +100.0% |"))
  }

  @Test func paths() async throws {
    let root = try repository([
      ("20261123T100000Z-aaaaaa", [JobFigures(id: "api", seconds: 10, size: 100, ratio: 1)]),
      ("20261123T110000Z-bbbbbb", [JobFigures(id: "api", seconds: 30, size: 100, ratio: 1)]),
    ])
    let base = root + "/.gantry/runs/20261123T100000Z-aaaaaa/report.json"
    let current = root + "/.gantry/runs/20261123T110000Z-bbbbbb"
    let result = try await Command.run(
      [Command.gantry, "report", "compare", base, current, "--fail-on-regression"], directory: NSTemporaryDirectory())
    #expect(result.status == 1, "\(result)")
  }

  @Test func showPrintsAPastRun() async throws {
    let root = try repository([
      ("20261123T100000Z-aaaaaa", [JobFigures(id: "api", seconds: 10, size: 45_100_000, ratio: 0.5)])
    ])
    let text = try await gantry(["show"], in: root)
    #expect(text.status == 0, "\(text)")
    #expect(text.stdout.contains("run 20261123T100000Z-aaaaaa: succeeded, 1 built"))
    #expect(text.stdout.contains("45.1MB"))
    let markdown = try await gantry(["show", "20261123T100000Z-aaaaaa", "--format", "md"], in: root)
    #expect(markdown.stdout.contains("| api | built | 10.0s | 1/2 (50%) | 45.1MB |"))
  }

  @Test func unknownRunsAreBadInput() async throws {
    let root = try repository([("20261123T100000Z-aaaaaa", [JobFigures(id: "api", seconds: 1, size: 1, ratio: 1)])])
    let missing = try await gantry(["show", "nope"], in: root)
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("error: no run 'nope'"))
    let alone = try await gantry(["compare"], in: root)
    #expect(alone.status == 2)
    #expect(alone.stderr.contains("no run before 20261123T100000Z-aaaaaa"))
    let empty = try await gantry(["show"], in: try Fixtures.temporaryFolder("no-runs"))
    #expect(empty.status == 2)
    #expect(empty.stderr.contains("run 'gantry build' first"))
  }
}
