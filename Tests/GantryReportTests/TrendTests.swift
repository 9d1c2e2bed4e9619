import Foundation
import GantryCore
import GantryTestSupport
import Testing

@testable import GantryReport

/// `gantry report trend`: durations, sizes and cache ratios over the history, regressions marked.
@Suite struct TrendTests {
  /// A history line as a build writes it: `jobs` maps a job id to (seconds, bytes, cache ratio).
  static func entry(_ index: Int, _ jobs: [String: (Double, Int64?, Double?)]) -> HistoryEntry {
    let reports = jobs.keys.sorted().map { id -> JobReport in
      var job = JobReport(id: id, service: id, platforms: [], status: .built, deps: [], tags: [])
      job.durationSeconds = jobs[id]!.0
      job.imageSizeBytes = jobs[id]!.1
      job.cacheHitRatio = jobs[id]!.2
      return job
    }
    let date = Date(timeIntervalSince1970: 1_800_000_000 + Double(index) * 3600)
    let run = RunInfo(
      id: "run-\(index)", startedAt: date, finishedAt: date, wallSeconds: 1, status: .succeeded, jobs: 4,
      keepGoing: false, backend: "docker", gantryVersion: "dev", totalJobSeconds: 1)
    return HistoryEntry(report: RunReport(run: run, jobs: reports))
  }

  /// api slows down by 30 % in run 3, web's image grows by 20 % in run 4, cli only in runs 1 and 4.
  static let history = [
    entry(0, ["api": (10, 100_000_000, 0.5), "web": (20, 50_000_000, 1)]),
    entry(1, ["api": (10, 100_000_000, 0.5), "web": (20, 50_000_000, 1), "cli": (5, nil, nil)]),
    entry(2, ["api": (11, 100_000_000, 0.6), "web": (21, 50_000_000, 1)]),
    entry(3, ["api": (14.3, 100_000_000, 0.2), "web": (20, 50_000_000, 1)]),
    entry(4, ["api": (14, 100_000_000, 0.2), "web": (20, 60_000_000, 0.9), "cli": (5.5, nil, nil)]),
  ]

  @Test func regressionsAreMarkedAgainstThePreviousRunThatBuiltTheJob() {
    let trend = Trend(history: Self.history, last: 10)
    #expect(trend.runs.map(\.id) == ["run-0", "run-1", "run-2", "run-3", "run-4"])
    #expect(trend.series.map(\.job) == ["api", "cli", "web"])
    let api = trend.series[0].points
    #expect(api.map { $0?.durationRegressed } == [false, false, false, true, false])
    let web = trend.series[2].points
    #expect(web.map { $0?.sizeRegressed } == [false, false, false, false, true])
    // cli: 5s → 5.5s is +10 %, and the run between did not build it.
    let cli = trend.series[1].points
    #expect(cli[2] == nil)
    #expect(cli.compactMap { $0 }.allSatisfy { !$0.durationRegressed })
    #expect(trend.series.map(\.regressions) == [1, 0, 1])
  }

  @Test func aSmallGrowthIsNoRegressionAndThresholdsAreSettings() {
    // 1s → 1.5s is +50 % but less than a second.
    let small = Trend(history: [Self.entry(0, ["a": (1, nil, nil)]), Self.entry(1, ["a": (1.5, nil, nil)])], last: 5)
    #expect(small.series[0].regressions == 0)
    let strict = Trend(history: Self.history, last: 10, thresholds: .init(duration: 0.05, size: 0.5))
    #expect(strict.series[0].points.map { $0?.durationRegressed } == [false, false, true, true, false])
    #expect(strict.series[2].points.allSatisfy { $0?.sizeRegressed != true })
  }

  @Test func lastKeepsTheNewestRuns() {
    let trend = Trend(history: Self.history, last: 2)
    #expect(trend.runs.map(\.id) == ["run-3", "run-4"])
    // A regression needs the previous run in the window.
    #expect(trend.series.first { $0.job == "api" }?.points.map { $0?.durationRegressed } == [false, false])
  }

  @Test func theTextMarksRegressionsAndTheCSVHasARowPerRunAndJob() {
    let trend = Trend(history: Self.history, last: 10)
    let text = trend.render(.text)
    #expect(text.contains("api  (1 regression)"))
    #expect(text.contains("run-3  14.3s !"))
    #expect(text.contains("60.0MB !"))
    let csv = trend.render(.csv)
    let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(rows.first == TrendCSV.header)
    #expect(rows.count == 1 + 12)
    #expect(rows.contains { $0.hasPrefix("run-3,") && $0.contains(",api,14.3,100000000,0.2,true,false") })
  }

  @Test func anEmptyHistorySaysSo() {
    let trend = Trend(history: [], last: 10)
    #expect(trend.render(.text).contains("no runs in the history yet"))
    #expect(trend.render(.html).contains("No runs in the history yet."))
    #expect(trend.render(.csv) == TrendCSV.header + "\r\n")
  }

  @Test func thePageIsSelfContainedWithAChartPerJob() {
    let html = Trend(history: Self.history, last: 10).render(.html)
    #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 3)
    #expect(html.matches(of: #/<circle class="point (duration|size) regressed"/#).count == 2)
    #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("http://"))
  }

  @Test(.enabled(if: Tools.shouldRun(Tools.chromium, for: "thePageLoadsInABrowserWithAChartPerJob")))
  func thePageLoadsInABrowserWithAChartPerJob() async throws {
    let folder = try Fixtures.temporaryFolder("trend-html")
    let page = folder + "/trend.html"
    try Trend(history: Self.history, last: 10).render(.html).write(toFile: page, atomically: true, encoding: .utf8)
    let result = try await Tools.chromiumDOM(of: page)
    #expect(result.status == 0, "\(result)")
    let body = HTMLReportTests.bodyAttributes(result.stdout)
    #expect(body["data-ready"] == "1", "the page's script did not finish: \(result)")
    #expect(body["data-errors"] == nil)
    #expect(body["data-charts"] == "3")
    #expect(body["data-regressions"] == "2")
    #expect(!result.stderr.contains("Uncaught"), "\(result.stderr)")
  }
}
