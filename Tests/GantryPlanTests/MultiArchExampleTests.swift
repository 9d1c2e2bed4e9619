import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// examples/multi-arch planned as `gantry plan` shows it: three platforms, two builders, one service
/// per toolchain, a dependent reading per-platform images; and the same pushed.
@Suite struct MultiArchExampleTests {
  func project() throws -> Project {
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../examples/multi-arch").standardizedFileURL.path
    let root = try Fixtures.temporaryFolder("multi-arch")
    try FileManager.default.removeItem(atPath: root)
    try FileManager.default.copyItem(atPath: source, toPath: root)
    return try ProjectLoader.load(folder: root)
  }

  @Test(arguments: [false, true])
  func plan(push: Bool) throws {
    let plan = try Planner().plan(
      try project(),
      options: PlanOptions(multiArch: MultiArchOptions(push: push ? true : nil, hostPlatform: Platform("linux/amd64")!))
    )
    #expect(plan.warnings.isEmpty, "\(plan.warnings)")
    #expect(plan.jobs.filter(\.emulated).allSatisfy { $0.platforms == ["linux/arm/v7"] })
    let name = "multi-arch-example\(push ? "-push" : "")"
    for format in PlanRenderer.Format.allCases {
      let outcome = try Golden.check(
        try PlanRenderer.render(plan, format: format), named: "\(name).plan.\(format == .text ? "txt" : "json")")
      if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
    }
  }
}
