import Foundation

/// Waiting for something a test cannot be told about (a process to appear, a file to be written):
/// the condition is checked at an interval until it holds or a deadline passes, never forever.
/// Deadlines are generous, for a machine loaded by other builds; a test that needs one to pass
/// fails with a message, it does not hang.
public enum Poll {
  /// Checks `condition` every `interval` until it holds (true) or `timeout` seconds passed (false).
  public static func until(
    timeout: Double, interval: Duration = .milliseconds(250), _ condition: () throws -> Bool
  ) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if try condition() { return true }
      if Date() >= deadline { return false }
      // Cancelled (a time limit ran out): one last look, no more waiting.
      if (try? await Task.sleep(for: interval)) == nil { return try condition() }
    }
  }
}
