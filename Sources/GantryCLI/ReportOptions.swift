import ArgumentParser
import Foundation
import GantryCore
import GantryExec
import GantryReport
import GantryLoad

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

  /// Prints what the session could not write, and each job over its budget.
  func printWarnings(_ outcome: BuildSession.Outcome) {
    for problem in outcome.problems { Terminal.printError("warning: \(problem)") }
    for job in outcome.report.jobs {
      for warning in job.budgetWarnings ?? [] {
        Terminal.printError("\(enforceBudgets ? "error" : "warning"): \(job.id) is over budget: \(warning)")
      }
    }
  }
}
