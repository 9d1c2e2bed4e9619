import GantryCore

/// Compares built jobs with their budgets.
public enum BudgetCheck {
  /// Writes `budget_warnings` on each built job over budget and `over_budget` on the run; with
  /// `enforce`, a run that would have succeeded fails instead.
  public static func apply(_ budgets: [String: Budgets], enforce: Bool, to report: inout RunReport) {
    var over: [String] = []
    for index in report.jobs.indices {
      let job = report.jobs[index]
      report.jobs[index].budgetWarnings = nil
      guard job.status == .built, let budget = budgets[job.id] else { continue }
      let warnings = self.warnings(for: job, budget: budget)
      report.jobs[index].budgetWarnings = warnings.isEmpty ? nil : warnings
      if !warnings.isEmpty { over.append(job.id) }
    }
    report.run.budgetsEnforced = enforce
    report.run.overBudget = over.isEmpty ? nil : over
    if enforce, !over.isEmpty, report.run.status == .succeeded { report.run.status = .failed }
  }

  /// `took 1m35s, over its max_duration of 1m30s`; `image is 612MB, over its max_image_size of 500MB`.
  static func warnings(for job: JobReport, budget: Budgets) -> [String] {
    var warnings: [String] = []
    if let limit = budget.maxDurationSeconds, let seconds = job.durationSeconds, seconds > limit {
      warnings.append("took \(Summary.seconds(seconds)), over its max_duration of \(Summary.seconds(limit))")
    }
    if let limit = budget.maxImageSizeBytes, let size = job.imageSizeBytes, size > limit {
      warnings.append("image is \(SizeText.display(size)), over its max_image_size of \(SizeText.display(limit))")
    }
    return warnings
  }
}
