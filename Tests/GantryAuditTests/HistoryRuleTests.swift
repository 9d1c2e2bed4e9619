import Foundation
import GantryAudit
import GantryCore
import GantryReport
import Testing

@Suite struct HistoryRuleTests {
  /// History lines as `.gantry/history.jsonl` holds them.
  func entries(_ lines: [String]) throws -> [HistoryEntry] {
    try lines.map { try ReportStore.decoder().decode(HistoryEntry.self, from: Data($0.utf8)) }
  }

  let services: [(name: String, location: GantryCore.SourceLocation)] = [
    ("api", GantryCore.SourceLocation(file: "gantry.yml", line: 4, column: 3)),
    ("web", GantryCore.SourceLocation(file: "gantry.yml", line: 9, column: 3)),
    ("db", GantryCore.SourceLocation(file: "gantry.yml", line: 14, column: 3)),
  ]

  @Test func slowestLowestCacheAndGrowthAreNamedAndTiedToTheOtherFindings() throws {
    let history = try entries([
      #"{"run_id":"r1","finished_at":"2026-01-01T10:00:00Z","durations":{"api":40,"web":5,"db":1,"gone":99},"sizes":{"api":10000000,"web":5000000},"cache_ratios":{"api":0.1,"web":0.9}}"#,
      #"{"run_id":"r2","finished_at":"2026-01-02T10:00:00Z","durations":{"api@linux/arm64":60,"web":7,"db":2},"sizes":{"api":30000000,"web":5000100},"cache_ratios":{"api":0.2,"web":0.95}}"#,
    ])
    let other = Finding(
      rule: .layerOrder, service: "api", location: GantryCore.SourceLocation(file: "api/Dockerfile", line: 3),
      message: "m",
      evidence: "e", fix: "f")
    let findings = HistoryCheck.findings(history, services: services, findings: [other])
    let slowest = findings.filter { $0.rule == "history-slowest" }
    #expect(slowest.map(\.service) == ["api", "web", "db"])
    #expect(slowest[0].message.contains("the slowest"))
    #expect(slowest[0].evidence.contains("layer-order at api/Dockerfile:3"))
    #expect(slowest[0].location == GantryCore.SourceLocation(file: "gantry.yml", line: 4, column: 3))
    #expect(findings.filter { $0.rule == "history-low-cache-hits" }.map(\.service) == ["api"])
    let growth = findings.filter { $0.rule == "history-image-growth" }
    #expect(growth.map(\.service) == ["api"], "web grew by 100 bytes only")
    #expect(!findings.contains { $0.service == "gone" })
  }

  @Test func noHistoryNoFindings() {
    #expect(HistoryCheck.findings([], services: services, findings: []).isEmpty)
  }
}
