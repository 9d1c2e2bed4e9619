import Foundation
import GantryReport
import GantryPlan

extension BuildRunner {
  /// Copies the images a job needs into its builder's store, then runs it.
  ///
  /// A dependency built on a builder with another image store is copied with `docker save` on
  /// that builder piped into `docker load` on this one (two processes and a pipe, no shell), with
  /// what both print appended to the job's log. A failed copy fails the job without running it.
  func run(_ job: Job, logPath: String, copies: [ImageTransfer]) async -> JobRun {
    var reports: [ImageCopyReport] = []
    let client = job.invocation.client
    for copy in copies {
      guard let source = plan.builder(copy.from), let target = plan.builder(copy.to) else { continue }
      let save = source.clientCommand(client: client, ["save"] + copy.tags)
      let load = target.clientCommand(client: client, ["load"])
      Self.appendToLog(
        logPath,
        "gantry: copying \(copy.tags.joined(separator: ", ")) from builder '\(copy.from)' to builder '\(copy.to)' "
          + "(\(save.argv.joined(separator: " ")) | \(load.argv.joined(separator: " ")))\n")
      let outcome = await processes.runPipeline(
        PipelineCommand(argv: save.argv, env: save.env), into: PipelineCommand(argv: load.argv, env: load.env),
        environment: options.environment, directory: plan.root, logPath: logPath)
      let seconds = Self.rounded(outcome.finishedAt.timeIntervalSince(outcome.startedAt))
      reports.append(
        ImageCopyReport(
          job: copy.job, tags: copy.tags, from: copy.from, to: copy.to, durationSeconds: seconds,
          succeeded: outcome.succeeded))
      guard outcome.succeeded else {
        let cancelled = Task.isCancelled
        Self.appendToLog(logPath, "gantry: copying \(copy.tags.joined(separator: ", ")) failed\n")
        return JobRun(
          job: job, outcome: outcome, status: cancelled ? .cancelled : .failed, attempts: [],
          tail: Array(LogTail.lines(of: logPath, count: 30)), copies: reports)
      }
      Self.appendToLog(logPath, "gantry: copied in \(Summary.seconds(seconds))\n\n")
    }
    var run = await attempts(of: job, logPath: logPath)
    run.copies = reports
    return run
  }
}
