import Foundation
import GantryCore
import GantryTestSupport
import Testing

@testable import GantryReport

/// `gantry report merge`: shard reports into one (docs/ci.md#merging-the-reports).
@Suite struct ReportMergeTests {
  static let partition = [["base", "toolchain", "proto"], ["web", "api", "gateway"], ["docs"]]

  /// The sample run cut into shards 1 and 2 of a three-shard partition; shard 3 never ran.
  static func shardReports(partition id: String = "p-1") -> [RunReport] {
    let sample = SampleReport.report
    return [0, 1].map { offset in
      var report = sample
      report.run.id = "shard-\(offset + 1)"
      report.jobs = sample.jobs.filter { Self.partition[offset].contains($0.id) }
      report.run.shard = ShardRecord(index: offset + 1, count: 3, partition: id, shards: Self.partition)
      for index in report.jobs.indices { report.jobs[index].shard = offset + 1 }
      report.run.status = report.jobs.contains { $0.status == .failed } ? .failed : .succeeded
      return report
    }
  }

  static func inputs(_ reports: [RunReport]) -> [ReportMerge.Input] {
    reports.map { ReportMerge.Input(folder: "/ci/\($0.run.id)", report: $0) }
  }

  @Test func everyJobIsInTheMergedReportAndAMissingShardShowsAsNotRun() throws {
    let merged = try ReportMerge.merge(Self.inputs(Self.shardReports()), runID: "merged")
    #expect(merged.jobs.map(\.id) == Self.partition.flatMap { $0 })
    #expect(merged.jobs.map(\.shard) == [1, 1, 1, 2, 2, 2, 3])
    let docs = try #require(merged.job("docs"))
    #expect(docs.status == .skipped)
    #expect(docs.error == "shard 3/3 did not run (no report of it was merged)")
    #expect(merged.run.mergedShards?.map(\.status) == [.ran, .ran, .missing])
    #expect(merged.run.mergedShards?.first?.runId == "shard-1")
    #expect(merged.run.status == .failed)
    #expect(merged.run.shard?.partition == "p-1")
    #expect(merged.run.totalJobSeconds == SampleReport.report.run.totalJobSeconds * 2)
    #expect(ReportText.figures(merged.run).contains("shards 2/3 ran (did not run: 3)"))
  }

  @Test func allShardsSucceededIsASucceededRun() throws {
    var reports = Self.shardReports()
    for index in reports.indices {
      reports[index].run.status = .succeeded
      reports[index].run.shard?.shards = [Self.partition[0], Self.partition[1]]
      reports[index].run.shard?.count = 2
    }
    let merged = try ReportMerge.merge(Self.inputs(reports))
    #expect(merged.run.status == .succeeded)
    #expect(merged.run.mergedShards?.allSatisfy { $0.status == .ran } == true)
  }

  @Test func shardsOfDifferentPlansAreRefused() {
    let reports = [Self.shardReports(partition: "p-1")[0], Self.shardReports(partition: "p-2")[1]]
    #expect(throws: ReportMerge.MergeError.self) { try ReportMerge.merge(Self.inputs(reports)) }
    var plain = SampleReport.report
    plain.run.id = "plain"
    #expect(throws: ReportMerge.MergeError.notAShard(folder: "/ci/plain")) {
      try ReportMerge.merge(Self.inputs([plain]))
    }
    let twice = [Self.shardReports()[0], Self.shardReports()[0]]
    #expect(throws: ReportMerge.MergeError.duplicateShard(index: 1, folders: ["/ci/shard-1", "/ci/shard-1"])) {
      try ReportMerge.merge(Self.inputs(twice))
    }
  }

  @Test func anotherSchemaVersionIsRefusedBeforeDecoding() throws {
    let folder = try Fixtures.temporaryFolder("merge")
    try #"{"schema_version": 2, "run": {}, "jobs": []}"#.write(
      toFile: folder + "/report.json", atomically: true, encoding: .utf8)
    #expect(throws: ReportMerge.MergeError.schemaVersion(folder: folder, found: 2)) { try ReportMerge.read(folder) }
    #expect(throws: ReportMerge.MergeError.self) { try ReportMerge.read(folder + "/nothing") }
  }

  @Test func theOutputHoldsEveryFormatAndTheLogs() throws {
    let root = try Fixtures.temporaryFolder("merge")
    var inputs: [ReportMerge.Input] = []
    for report in Self.shardReports() {
      let folder = root + "/" + report.run.id
      try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
      for job in report.jobs where job.logPath != nil {
        try "log of \(job.id)\n".write(toFile: folder + "/logs/\(job.id).log", atomically: true, encoding: .utf8)
      }
      _ = try ReportStore(root: root).write(report, to: folder)
      inputs.append(try ReportMerge.read(folder))
    }
    let merged = try ReportMerge.merge(inputs)
    try ReportMerge.write(merged, inputs: inputs, to: root + "/merged")
    let files = try FileManager.default.contentsOfDirectory(atPath: root + "/merged").sorted()
    #expect(files == (["logs", "report.json"] + ReportFormat.allCases.map(\.fileName)).sorted())
    let read = try ReportStore.loadReport(at: root + "/merged/report.json")
    #expect(read.jobs.count == 7)
    let log = try #require(read.job("proto")?.logPath)
    #expect(log == root + "/merged/logs/proto.log")
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "log of proto\n")
    // A second merge into the same folder is refused and leaves it as it was.
    #expect(throws: ReportMerge.MergeError.outputNotEmpty(root + "/merged")) {
      try ReportMerge.write(merged, inputs: inputs, to: root + "/merged")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/merged").sorted() == files)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root).allSatisfy { !$0.hasPrefix(".gantry-merge") })
  }

  @Test func theTimelineHasALanePerShardAndNamesTheOneThatDidNotRun() throws {
    let html = HTMLReport.render(try ReportMerge.merge(Self.inputs(Self.shardReports())))
    #expect(html.components(separatedBy: "class=\"lane\" data-shard=").count - 1 == 3)
    #expect(html.contains("data-shard=\"3\" data-missing=\"1\""))
    #expect(html.contains("shard 3/3 · did not run"))
    #expect(!html.contains("data-builder="))
  }

  @Test(.enabled(if: Tools.shouldRun(Tools.chromium, for: "theMergedPageLoadsInABrowser")))
  func theMergedPageLoadsInABrowser() async throws {
    let folder = try Fixtures.temporaryFolder("merge-html")
    let page = folder + "/report.html"
    try HTMLReport.render(try ReportMerge.merge(Self.inputs(Self.shardReports()))).write(
      toFile: page, atomically: true, encoding: .utf8)
    let result = try await Tools.chromiumDOM(of: page)
    #expect(result.status == 0, "\(result)")
    let body = HTMLReportTests.bodyAttributes(result.stdout)
    #expect(body["data-ready"] == "1", "\(result)")
    #expect(body["data-errors"] == nil)
    #expect(body["data-bars"] == "5")  // the jobs that ran, in both shards
  }

  @Test(.enabled(if: Tools.shouldRun(Tools.python, for: "theMergedReportMatchesTheSchema")))
  func theMergedReportMatchesTheSchema() async throws {
    let merged = try ReportMerge.merge(Self.inputs(Self.shardReports()))
    let result = try await ReportSchemaTests.validate([merged, Self.shardReports()[0]])
    #expect(result.status == 0, "\(result)")
  }
}
