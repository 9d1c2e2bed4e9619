import ArgumentParser
import Foundation
import GantryExec
import GantryLoad
import GantryPlan

/// `--changed-since REF`, shared by `plan`, `status` and `build`.
struct ChangeOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Only the services whose inputs changed since this git commit, branch or tag, and what depends on them.",
      valueName: "ref"))
  var changedSince: String?

  /// The services to plan: `named` (all when empty), narrowed to those a change since `REF`
  /// touches and their dependents. nil when nothing changed (there is nothing to do).
  func selection(_ named: [String], project: Project, options: PlanOptions) async throws -> [String]? {
    guard let changedSince else { return named }
    var full = options
    full.selection = named
    full.outputDirectory = nil
    let plan = try Planner().plan(project, options: full)
    let changed = try await ChangedFiles.since(
      changedSince, in: project.root, environment: ProcessInfo.processInfo.environment)
    let jobs = ChangedFiles.affectedJobs(plan, changed: changed)
    let services = plan.jobs.filter { jobs.contains($0.id) }.map(\.service)
    return services.isEmpty ? nil : Array(Set(services)).sorted()
  }

  /// What to print when a change touches no service.
  var nothingChanged: String { "nothing changed since \(changedSince ?? "") in any service's inputs" }
}
