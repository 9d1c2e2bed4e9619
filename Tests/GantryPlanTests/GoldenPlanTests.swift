import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// Plans and graphs compared with checked-in baselines (`GANTRY_RECORD=1 swift test` re-records them).
@Suite struct GoldenPlanTests {
  /// Plans as if gantry ran on linux/amd64, so the implicit builder's platform does not depend on the machine.
  static let onAMD64 = MultiArchOptions(hostPlatform: Platform("linux/amd64"))

  static let cases: [(fixture: String, backend: Backend)] = [
    ("polyglot", .buildx), ("polyglot", .docker), ("compose-contexts", .buildx), ("podman", .command),
  ]

  @Test(arguments: cases)
  func planJSON(fixture: String, backend: Backend) throws {
    let root = try Fixtures.copy(fixture)
    let project = try ProjectLoader.load(folder: root)
    let plan = try Planner().plan(project, options: PlanOptions(backend: backend, multiArch: Self.onAMD64))
    let outcome = try Golden.check(
      try PlanRenderer.render(plan, format: .json), named: "\(fixture)-\(backend).plan.json")
    if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
  }

  @Test(arguments: ["polyglot", "compose-contexts"], GraphRenderer.Format.allCases)
  func graph(fixture: String, format: GraphRenderer.Format) throws {
    let root = try Fixtures.copy(fixture)
    let project = try ProjectLoader.load(folder: root)
    var text = try GraphRenderer.render(try Planner().graph(for: project).graph, format: format)
    // Locations hold the temporary folder: make them machine-independent.
    text = text.replacingOccurrences(of: root + "/", with: "")
    let outcome = try Golden.check(text, named: "\(fixture).graph.\(format.rawValue)")
    if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
  }

  @Test func planText() throws {
    let root = try Fixtures.copy("polyglot")
    let plan = try Planner().plan(try ProjectLoader.load(folder: root), options: PlanOptions(multiArch: Self.onAMD64))
    let outcome = try Golden.check(try PlanRenderer.render(plan, format: .text), named: "polyglot.plan.txt")
    if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
  }
}
