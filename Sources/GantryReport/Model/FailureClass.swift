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
