import Foundation
import GantryTestSupport
import Testing

@testable import GantryReport

/// `report.json` against `docs/report.schema.json`, with Python's jsonschema.
@Suite(.enabled(if: Tools.shouldRun(Tools.python, for: "ReportSchemaTests")))
struct ReportSchemaTests {
  static let schema = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
    .appendingPathComponent("../../docs/report.schema.json").standardizedFileURL.path

  /// Prints every validation error; exits 1 when there is one.
  static let validator = """
    import json, sys
    import jsonschema
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = 0
    for path in sys.argv[2:]:
        for error in validator.iter_errors(json.load(open(path))):
            errors += 1
            print(path, "/".join(str(p) for p in error.absolute_path), error.message)
    sys.exit(1 if errors else 0)
    """

  static func validate(_ reports: [RunReport]) async throws -> Tools.Result {
    let folder = try Fixtures.temporaryFolder("schema")
    var paths: [String] = []
    for (index, report) in reports.enumerated() {
      let path = "\(folder)/report-\(index).json"
      try ReportStore.encode(report).write(to: URL(fileURLWithPath: path))
      paths.append(path)
    }
    return try await Tools.python(validator, [schema] + paths)
  }

  @Test func theSampleMatchesTheSchema() async throws {
    let result = try await Self.validate([SampleReport.report])
    #expect(result.status == 0, "\(result)")
  }

  @Test func aReportWithoutMeasurementsMatchesToo() async throws {
    // What BuildRunner returns before enrichment, and what older gantry versions wrote.
    var report = SampleReport.report
    for index in report.jobs.indices {
      let old = report.jobs[index]
      var job = JobReport(
        id: old.id, service: old.service, platforms: old.platforms, status: old.status, deps: old.deps, tags: old.tags)
      job.startedAt = old.startedAt
      job.finishedAt = old.finishedAt
      report.jobs[index] = job
    }
    report.run.criticalPath = nil
    report.run.gitCommit = nil
    let result = try await Self.validate([report])
    #expect(result.status == 0, "\(result)")
  }

  @Test func theSchemaRejectsWhatIsNotAReport() async throws {
    var report = SampleReport.report
    report.jobs[0].cacheHitRatio = 1.5
    report.jobs[1].slot = -1
    let result = try await Self.validate([report])
    #expect(result.status == 1, "\(result)")
    #expect(result.stdout.contains("jobs/0/cache_hit_ratio"))
    #expect(result.stdout.contains("jobs/1/slot"))
  }

  /// Every field the encoder writes is in the schema (it forbids unknown ones), so the schema
  /// cannot fall behind the code unnoticed: a report with every optional field set must pass.
  @Test func everyFieldIsDocumented() async throws {
    var report = SampleReport.report
    report.run.budgetsEnforced = true
    report.jobs[0].imageDigest = "sha256:" + String(repeating: "ab", count: 32)
    report.jobs[0].budgetWarnings = ["took 2.0s, over its max_duration of 1.0s"]
    report.jobs[1].copies = [
      ImageCopyReport(job: "base", tags: ["acme/base:1"], from: "amd", to: "arm", durationSeconds: 1.2, succeeded: true)
    ]
    let result = try await Self.validate([report])
    #expect(result.status == 0, "\(result)")
  }
}
