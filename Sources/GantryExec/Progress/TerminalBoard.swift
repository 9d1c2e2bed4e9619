import Foundation
import GantryReport

/// A live board at the bottom of a terminal: running jobs with their elapsed time, counts, wall time.
/// Finished jobs scroll above it as plain lines.
public actor TerminalBoard: ProgressSink {
  private var running: [(id: String, since: Date)] = []
  private var total = 0
  private var built = 0
  private var failed = 0
  private var skipped = 0
  private var runStart = Date()
  private var drawnLines = 0
  private var ticker: Task<Void, Never>?
  /// Set once the summary is printed: a tick still in flight must not draw the board again.
  private var finished = false
  private let write: @Sendable (String) -> Void

  public init(write: @escaping @Sendable (String) -> Void = LineProgress.standardError) {
    self.write = write
  }

  public func handle(_ event: BuildEvent) async {
    var above = ""
    switch event {
    case .runStarted(_, let count, _, let at):
      total = count
      runStart = at
      startTicker()
    case .jobStarted(let id, let at, _):
      running.append((id, at))
    case .jobFinished(let job, let tail):
      running.removeAll { $0.id == job.id }
      if job.status == .built { built += 1 }
      if job.status.isFailure { failed += 1 }
      if job.status == .cancelled { skipped += 1 }
      above = Summary.line(for: job) + "\n"
      if job.status.isFailure { above += LineProgress.failureExcerpt(job, tail: tail) }
    case .jobSkipped(let id, let reason):
      skipped += 1
      above = "[\(id)] skipped: \(reason)\n"
    case .jobRetrying(let id, let attempt, let delay):
      above = Summary.retryLine(id: id, attempt: attempt, delay: delay) + "\n"
    case .runFinished(let report, let path):
      finished = true
      ticker?.cancel()
      write(clearBoard() + Summary.text(report, reportPath: path))
      drawnLines = 0
      return
    }
    redraw(above: above)
  }

  private func startTicker() {
    ticker = Task { [weak self] in
      while !Task.isCancelled {
        try? await Task.sleep(for: .milliseconds(500))
        await self?.redraw(above: "")
      }
    }
  }

  private func clearBoard() -> String {
    String(repeating: "\u{1B}[1A\u{1B}[2K", count: drawnLines)
  }

  private func redraw(above: String) {
    guard !finished else { return }
    let now = Date()
    var lines: [String] = []
    let waiting = total - built - failed - skipped - running.count
    lines.append(
      "\u{1B}[1m\(built) built\u{1B}[0m · \(failed > 0 ? "\u{1B}[31m\(failed) failed\u{1B}[0m" : "0 failed") · "
        + "\(running.count) running · \(waiting) waiting · \(skipped) skipped · \(Summary.seconds(now.timeIntervalSince(runStart)))"
    )
    for job in running.prefix(20) {
      lines.append("  ⏵ \(job.id)  \(Summary.seconds(now.timeIntervalSince(job.since)))")
    }
    if running.count > 20 { lines.append("  … and \(running.count - 20) more") }
    write(clearBoard() + above + lines.joined(separator: "\n") + "\n")
    drawnLines = lines.count
  }
}
