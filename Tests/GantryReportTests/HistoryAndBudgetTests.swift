import Foundation
import GantryCore
import GantryCore
import GantryTestSupport
import Testing

@testable import GantryReport

/// `.gantry/history.jsonl`, budgets, sizes as text.
@Suite struct HistoryAndBudgetTests {
  @Test func historyKeepsTheLastRunsWithSizesAndCacheRatios() throws {
    let store = ReportStore(root: try Fixtures.temporaryFolder("history"), historyLimit: 3)
    for index in 0..<5 {
      var report = SampleReport.report
      report.run.id = "run-\(index)"
      try store.appendHistory(report)
    }
    let history = store.history()
    #expect(history.map(\.runId) == ["run-2", "run-3", "run-4"])
    let last = try #require(history.last)
    #expect(last.durations["base"] == 1.5)
    #expect(last.durations["api"] == nil, "failed jobs are not history")
    #expect(last.sizes?["web"] == 612_000_000)
    #expect(last.cacheRatios?["proto"] == 1)
    #expect(store.previouslyBuilt() == ["base", "toolchain", "proto", "web"])
    #expect(store.expectedDurations()["proto"] == 2)
  }

  @Test func oldHistoryLinesStillCount() throws {
    let root = try Fixtures.temporaryFolder("history-old")
    let store = ReportStore(root: root)
    try FileManager.default.createDirectory(atPath: store.stateDirectory, withIntermediateDirectories: true)
    let old = #"{"durations":{"api":3.5},"finished_at":"2026-11-23T11:18:15.141Z","run_id":"r1"}"# + "\nnot json\n"
    try old.write(toFile: store.historyPath, atomically: true, encoding: .utf8)
    #expect(store.history().count == 1)
    #expect(store.previouslyBuilt() == ["api"])
    #expect(store.expectedDurations() == ["api": 3.5])
  }

  @Test func fullyCachedBuildsDoNotSetExpectedDurations() throws {
    func entry(_ durations: [String: Double], cached: [String: Double]) throws -> HistoryEntry {
      let object: [String: Any] = ["run_id": "r", "finished_at": "2026-11-23T11:18:10.000Z", "durations": durations, "cache_ratios": cached]
      let decoder = ReportStore.decoder()
      return try decoder.decode(HistoryEntry.self, from: JSONSerialization.data(withJSONObject: object))
    }
    let entries = [
      try entry(["api": 40, "web": 0.4], cached: ["api": 0.2, "web": 1]),
      try entry(["api": 0.3, "web": 0.5], cached: ["api": 1, "web": 1]),
      try entry(["api": 0.2], cached: ["api": 1]),
    ]
    let expected = ReportStore.expectedDurations(entries)
    #expect(expected["api"] == 40, "two cache-only runs must not hide the real build time")
    #expect(expected["web"] == 0.5, "a job only ever served from the cache keeps those samples")
  }

  @Test func budgetsWarnOrFailTheRun() {
    var report = SampleReport.report
    report.run.status = .succeeded
    let budgets = [
      "base": Budgets(maxDurationSeconds: 1), "proto": Budgets(maxDurationSeconds: 5, maxImageSizeBytes: 1_000_000),
      "api": Budgets(maxDurationSeconds: 0.1),
    ]
    var warned = report
    BudgetCheck.apply(budgets, enforce: false, to: &warned)
    #expect(warned.run.status == .succeeded)
    #expect(warned.run.overBudget == ["base", "proto"], "api failed: budgets judge built jobs only")
    #expect(warned.job("base")?.budgetWarnings == ["took 1.5s, over its max_duration of 1.0s"])
    #expect(warned.job("proto")?.budgetWarnings == ["image is 4.40MB, over its max_image_size of 1.00MB"])
    #expect(warned.job("web")?.budgetWarnings == nil)
    var enforced = report
    BudgetCheck.apply(budgets, enforce: true, to: &enforced)
    #expect(enforced.run.status == .failed)
    #expect(enforced.run.budgetsEnforced == true)
  }

  @Test(
    arguments: [
      ("500MB", 500_000_000), ("1.2GiB", 1_288_490_189), ("800k", 800_000), ("2 GB", 2_000_000_000), ("512", 512),
      ("64MiB", 67_108_864), ("1.5kb", 1500),
    ] as [(String, Int64)])
  func sizesParse(text: String, bytes: Int64) {
    #expect(SizeText.bytes(text) == bytes)
  }

  @Test(arguments: ["", "MB", "-5MB", "5XB", "1e3", "5 MB extra"])
  func notSizes(text: String) {
    #expect(SizeText.bytes(text) == nil)
  }

  @Test func sizesDisplayLikeDocker() {
    #expect(SizeText.display(512) == "512B")
    #expect(SizeText.display(4_400_000) == "4.40MB")
    #expect(SizeText.display(45_123_456) == "45.1MB")
    #expect(SizeText.display(612_000_000) == "612MB")
    #expect(SizeText.display(999_600) == "1.00MB")
    #expect(SizeText.display(1_288_490_189) == "1.29GB")
  }
}
