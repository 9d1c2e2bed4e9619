import Foundation
import Testing

@testable import GantryReport

/// `gantry report compare` on two hand-made runs.
@Suite struct CompareTests {
  /// The sample run, and a later one where `toolchain` got slower and `base`'s image bigger.
  static func pair(slower: Double = 2, bigger: Int64 = 1_000_000) -> (RunReport, RunReport) {
    let base = SampleReport.report
    var current = base
    current.run.id = "20261124T090000Z-abcdef"
    current.run.wallSeconds = 7
    for index in current.jobs.indices {
      switch current.jobs[index].id {
      case "toolchain": current.jobs[index].durationSeconds = (current.jobs[index].durationSeconds ?? 0) + slower
      case "base": current.jobs[index].imageSizeBytes = (current.jobs[index].imageSizeBytes ?? 0) + bigger
      case "web": current.jobs[index].cacheHitRatio = 0.5
      default: break
      }
    }
    return (base, current)
  }

  @Test func flagsAnInjectedRegression() throws {
    let (base, current) = Self.pair()
    let comparison = RunComparison(base: base, current: current)
    #expect(comparison.regressed == ["base", "toolchain"])
    let toolchain = try #require(comparison.jobs.first { $0.id == "toolchain" })
    #expect(toolchain.regressions == ["duration"])
    #expect(toolchain.durationDeltaSeconds == 2)
    #expect(toolchain.durationChange == 1.3423)
    let baseRow = try #require(comparison.jobs.first { $0.id == "base" })
    #expect(baseRow.regressions == ["size"])
    #expect(baseRow.sizeDeltaBytes == 1_000_000)
    #expect(comparison.jobs.first { $0.id == "web" }?.cacheHitRatioDelta == -0.5)
    #expect(comparison.jobs.first { $0.id == "proto" }?.regressions == [])
  }

  @Test func smallChangesAreNotRegressions() {
    // +0.5 s on 1.49 s is +34 %, but under the one-second floor; +4 % size is under 10 %.
    let (base, current) = Self.pair(slower: 0.5, bigger: 176_000)
    #expect(RunComparison(base: base, current: current).regressed == [])
    let strict = RunComparison.Thresholds(duration: 0.2, minimumDurationSeconds: 0.1, size: 0.03)
    #expect(RunComparison(base: base, current: current, thresholds: strict).regressed == ["base", "toolchain"])
  }

  @Test func jobsThatFailedOrAreNewAreNotComparedForDuration() throws {
    var (base, current) = Self.pair(slower: 0)
    current.jobs.append(SampleReport.job("extra", queued: 15, started: 15, finished: 40))
    let comparison = RunComparison(base: base, current: current)
    let extra = try #require(comparison.jobs.first { $0.id == "extra" })
    #expect(extra.baseStatus == nil)
    #expect(extra.regressions == [])
    // api failed in both runs: its duration is not judged.
    #expect(comparison.jobs.first { $0.id == "api" }?.durationChange == nil)
  }

  @Test func rendersTextMarkdownAndJSON() throws {
    let (base, current) = Self.pair()
    let comparison = RunComparison(base: base, current: current)
    let text = try comparison.render(.text)
    #expect(text.contains("REGRESSED: duration"))
    #expect(text.contains("2 jobs regressed (duration above +20% and +1.0s, size above +10%): base, toolchain"))
    #expect(text.contains("1.5s → 3.5s"))
    let markdown = try comparison.render(.md)
    #expect(markdown.contains("| toolchain | 1.5s → 3.5s | +134.2% |"))
    let json = try comparison.render(.json)
    let decoder = ReportStore.decoder()
    #expect(try decoder.decode(RunComparison.self, from: Data(json.utf8)) == comparison)
    #expect(json.contains("\"regressed\" : ["))
  }
}
