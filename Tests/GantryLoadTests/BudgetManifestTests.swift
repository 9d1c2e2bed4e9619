import Foundation
import GantryCore
import GantryTestSupport
import Testing

@testable import GantryLoad

/// `max_duration`, `max_image_size` and `history_limit` in gantry.yml.
@Suite struct BudgetManifestTests {
  func load(_ text: String) throws -> Project {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      ["gantry.yml": text, "api/Dockerfile": "FROM busybox\n", "web/Dockerfile": "FROM busybox\n"], into: root)
    return try ManifestLoader.load(path: root + "/gantry.yml")
  }

  func messages(_ text: String) throws -> [String] {
    do {
      _ = try load(text)
      return []
    } catch let error as DiagnosticsError {
      return error.diagnostics.map { "\($0.location?.line ?? 0): \($0.message)" }
    }
  }

  @Test func budgetsComeFromDefaultsAndServices() throws {
    let project = try load(
      """
      history_limit: 20
      defaults:
        max_duration: 10m
        max_image_size: 1.2GiB
      services:
        api:
          context: api
          max_image_size: 500MB
        web:
          context: web
          max_duration: 90
      """)
    #expect(project.historyLimit == 20)
    #expect(project.service(named: "api")?.budgets == Budgets(maxDurationSeconds: 600, maxImageSizeBytes: 500_000_000))
    #expect(project.service(named: "web")?.budgets == Budgets(maxDurationSeconds: 90, maxImageSizeBytes: 1_288_490_189))
  }

  @Test func noBudgetsByDefault() throws {
    let project = try load("services:\n  api:\n    context: api\n")
    #expect(project.service(named: "api")?.budgets.isEmpty == true)
    #expect(project.historyLimit == nil)
  }

  @Test func badValuesAreReportedWhereWritten() throws {
    let found = try messages(
      """
      history_limit: 0
      defaults:
        max_duration: soon
      services:
        api:
          context: api
          max_image_size: 12 parsecs
          max_duraton: 5s
      """)
    #expect(found.contains("3: defaults.max_duration must be a duration, found 'soon'"))
    #expect(found.contains("7: service 'api'.max_image_size must be a size, found '12 parsecs'"))
    #expect(found.contains("1: history_limit must be between 1 and 10000, found 0"))
    #expect(found.contains { $0.hasPrefix("8: unknown key 'max_duraton'") })
  }
}
