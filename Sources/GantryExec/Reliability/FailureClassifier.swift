import GantryReport
import GantryCore

/// Decides from a failed attempt's exit status and log whether it is worth retrying.
public enum FailureClassifier {
  /// Classifies the log lines of a failed attempt (the last lines are enough: builders print the
  /// cause at the end). The first rule of `FailurePatterns.all` found in any line wins; nothing found
  /// means permanent.
  public static func classify(exitCode: Int32?, logLines: [String]) -> FailureVerdict {
    let lowered = logLines.map { $0.lowercased() }
    for pattern in FailurePatterns.all {
      let needle = pattern.needle.lowercased()
      // The last line mentioning it is usually the builder's final error message.
      if let index = lowered.lastIndex(where: { $0.contains(needle) }) {
        return FailureVerdict(
          failureClass: pattern.failureClass, pattern: pattern.needle, line: logLines[index].trimmingWhitespace())
      }
    }
    if exitCode == 137 {
      return FailureVerdict(failureClass: .permanent, pattern: "exit 137", line: nil)
    }
    return FailureVerdict(failureClass: .permanent, pattern: nil, line: logLines.last?.trimmingWhitespace())
  }
}
