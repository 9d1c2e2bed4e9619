import Foundation
import GantryReport

/// What happens during a run, in the order it happens: the input of every progress display.
public enum BuildEvent: Sendable {
  case runStarted(runID: String, jobCount: Int, limit: Int, at: Date)
  /// `reason`: why it runs (`files changed: main.src`), when known.
  case jobStarted(id: String, at: Date, reason: String?)
  /// A job ended: built, failed or cancelled.
  case jobFinished(JobReport, logTail: [String])
  case jobSkipped(id: String, reason: String)
  /// A failed attempt will be retried after `delay`.
  case jobRetrying(id: String, attempt: AttemptReport, delay: Duration)
  case runFinished(RunReport, reportPath: String?)
}

/// Shows a run to someone: a terminal board, plain lines, JSON events, or nearly nothing.
public protocol ProgressSink: Sendable {
  func handle(_ event: BuildEvent) async
}

/// How progress is shown (`--progress`).
public enum ProgressMode: String, Sendable, CaseIterable {
  /// A live board on a terminal, plain lines otherwise.
  case auto
  case tty
  case plain
  case quiet
  case json
}
