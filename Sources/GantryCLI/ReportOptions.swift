import ArgumentParser
import Foundation
import GantryCore
import GantryExec
import GantryReport
import GantryLoad
import GantryPlan

/// `gantry build`'s report settings: extra copies of the formats, history size, budgets.
struct ReportOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Also write report.csv here.", valueName: "path"))
  var csv: String?

  @Option(help: ArgumentHelp("Also write junit.xml here (for CI test reports).", valueName: "path"))
  var junit: String?

  @Option(help: ArgumentHelp("Also write summary.md here.", valueName: "path"))
  var summary: String?

  @Option(help: ArgumentHelp("Also write trace.json here (Perfetto, chrome://tracing).", valueName: "path"))
  var trace: String?

  @Option(help: ArgumentHelp("Also write report.html here.", valueName: "path"))
  var html: String?

  @Option(
    help: ArgumentHelp(
      "Runs kept in .gantry/history.jsonl (default: the manifest's history_limit, else 50).", valueName: "n"))
  var historyLimit: UInt?

  @Flag(help: "Fail the run (exit 1) when a build goes over its max_duration or max_image_size.")
  var enforceBudgets = false

  func validate() throws {
    if let historyLimit, !(1...10_000).contains(historyLimit) {
      throw ValidationError("--history-limit must be between 1 and 10000")
    }
  }

  /// The flag, else the manifest's `history_limit`, else 50.
  func historyLimit(for project: Project) -> Int {
    historyLimit.map { Int($0) } ?? project.historyLimit ?? 50
  }

  /// Where each format is also written, absolute.
  var copies: [ReportFormat: String] {
    let cwd = FileManager.default.currentDirectoryPath
    let paths: [ReportFormat: String?] = [.csv: csv, .junit: junit, .summary: summary, .trace: trace, .html: html]
    return paths.compactMapValues { $0.map { Paths.absolute($0, relativeTo: cwd) } }
  }

  /// Completes a finished run's report: measurements, timing analysis, budgets.
  /// - Parameter previouslyBuilt: jobs with a build in the history, read before this run is added.
  func complete(
    _ report: RunReport, plan: Plan, project: Project, environment: [String: String], reportDirectory: String,
    previouslyBuilt: Set<String>, concurrency: Int
  ) async -> RunReport {
    let services = Dictionary(project.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var contexts: [String: String] = [:]
    var budgets: [String: Budgets] = [:]
    for job in plan.jobs where job.kind == .build {
      guard let service = services[job.service] else { continue }
      contexts[job.id] = service.context.value
      if !service.budgets.isEmpty { budgets[job.id] = service.budgets }
    }
    let enricher = ReportEnricher(
      plan: plan, environment: environment, outputDirectory: reportDirectory + "/iid", previouslyBuilt: previouslyBuilt,
      contexts: contexts, concurrency: concurrency)
    var report = await enricher.enrich(report)
    BudgetCheck.apply(budgets, enforce: enforceBudgets, to: &report)
    return report
  }

  /// Writes every format beside report.json (and the copies asked for), appends the summary to
  /// `$GITHUB_STEP_SUMMARY` when set, and prints budget warnings.
  func write(_ report: RunReport, to reportDirectory: String, environment: [String: String]) {
    var problems = ReportFiles.write(report, to: reportDirectory, copies: copies)
    if let problem = ReportFiles.appendStepSummary(report, environment: environment) { problems.append(problem) }
    for problem in problems { Terminal.printError("warning: \(problem)") }
    for job in report.jobs {
      for warning in job.budgetWarnings ?? [] {
        Terminal.printError("\(enforceBudgets ? "error" : "warning"): \(job.id) is over budget: \(warning)")
      }
    }
  }
}
