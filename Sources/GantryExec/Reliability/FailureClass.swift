/// What kind of failure an attempt ended with, which decides whether it is retried.
public enum FailureClass: String, Sendable, Codable, Hashable, CaseIterable {
  /// Network trouble, a registry 5xx, a lost builder: retried with exponential backoff.
  case transient
  /// The registry asked to slow down (429): retried with a longer backoff.
  case rateLimited = "rate_limited"
  /// The engine could not be reached at all: the run cannot go on until it is back.
  case engineUnreachable = "engine_unreachable"
  /// The build ran past its timeout: retried only when configured.
  case timedOut = "timed_out"
  /// The build itself is wrong (a RUN step failed, a Dockerfile error, no permission, no space):
  /// never retried. Unknown failures count as permanent.
  case permanent
}

/// One rule of the classification: text to find in a failed build's output, and what it means.
public struct FailurePattern: Sendable, Hashable {
  public var needle: String
  public var failureClass: FailureClass
  /// Why the text means that, for the table in the docs.
  public var meaning: String

  public init(_ needle: String, _ failureClass: FailureClass, _ meaning: String) {
    self.needle = needle
    self.failureClass = failureClass
    self.meaning = meaning
  }
}

/// The verdict on one failed attempt: its class and the log line that decided it.
public struct FailureVerdict: Sendable, Hashable, Codable {
  public var failureClass: FailureClass
  /// The pattern that matched, nil when none did (then the class is permanent).
  public var pattern: String?
  /// The log line where the pattern was found.
  public var line: String?
}
