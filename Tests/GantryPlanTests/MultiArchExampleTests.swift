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
      options: PlanOptions(multiArch: MultiArchOptions(push: push ? true : nil, hostPlatform: Platform("linux/amd64")))
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

  /// The graph is one node per service, however many platforms it is built for: selecting a
  /// service built per platform (its jobs are `migrations@linux/arm64`, …) keeps it and what it needs.
  @Test func aGraphSelectsAServiceBuiltPerPlatformByName() throws {
    let project = try project()
    let (graph, _) = try Planner().graph(for: project)
    var diagnostics = DiagnosticCollector()
    let selected = graph.selecting(["migrations"], diagnostics: &diagnostics)
    #expect(!diagnostics.hasErrors)
    #expect(selected.names == ["api", "migrations"])
    #expect(
      selected.edges.map { "\($0.service) -> \($0.dependency): \($0.label)" } == ["migrations -> api: FROM acme/api:1"])
    let dot = try GraphRenderer.render(selected, format: .dot)
    #expect(dot.contains("\"migrations\" -> \"api\" [label=\"FROM acme/api:1\"];"), "\(dot)")
    // The plan of the same selection has a job per platform, none of them named like the service.
    let plan = try Planner().plan(project, options: PlanOptions(selection: ["migrations"]))
    #expect(plan.order.contains("migrations@linux/arm64"))
    #expect(!plan.order.contains("migrations"))
  }

  @Test func aGraphSelectionNamingNoServiceIsAnErrorWithAHint() throws {
    let (graph, _) = try Planner().graph(for: try project())
    var diagnostics = DiagnosticCollector()
    let selected = graph.selecting(["migration", "gateway"], diagnostics: &diagnostics)
    let error = #expect(throws: DiagnosticsError.self) { try diagnostics.throwIfErrors() }
    #expect(error?.diagnostics.map(\.message) == ["no service named 'migration'"])
    #expect(error?.diagnostics.first?.hint == "did you mean 'migrations'?")
    #expect(selected.names == ["gateway"], "the names that are services are still selected")
  }
}
