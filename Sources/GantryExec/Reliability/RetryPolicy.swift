import GantryCore
import GantryReport

/// How a job is retried and how long it may run: data, decided before the run.
public struct JobPolicy: Sendable, Hashable {
  /// Extra attempts after a transient or rate-limited failure (`--retries`, `retry:`).
  public var retries: Int
  /// First wait before retrying a transient failure; doubles each attempt, with jitter.
  public var backoff: Duration
  /// First wait before retrying a rate-limited failure.
  public var rateLimitBackoff: Duration
  /// The longest wait between attempts.
  public var maximumBackoff: Duration
  /// A build running longer is stopped and reported `timed_out` (nil: no limit).
  public var timeout: Duration?
  /// Whether a timed-out build is retried (within `retries`).
  public var retryTimeouts: Bool
  /// A build that prints nothing for this long is stopped and counts as a transient failure
  /// (`stall_timeout`; nil: never).
  public var stallTimeout: Duration?

  public init(
    retries: Int = 2, backoff: Duration = .seconds(2), rateLimitBackoff: Duration = .seconds(30),
    maximumBackoff: Duration = .seconds(120), timeout: Duration? = nil, retryTimeouts: Bool = false,
    stallTimeout: Duration? = JobPolicy.defaultStallTimeout
  ) {
    self.stallTimeout = stallTimeout
    self.retries = retries
    self.backoff = backoff
    self.rateLimitBackoff = rateLimitBackoff
    self.maximumBackoff = maximumBackoff
    self.timeout = timeout
    self.retryTimeouts = retryTimeouts
  }

  /// This policy with every setting `settings` has replacing its own.
  public func applying(_ settings: RunSettings) -> JobPolicy {
    var policy = self
    if let retries = settings.retries { policy.retries = retries }
    if let backoff = settings.backoffSeconds { policy.backoff = .milliseconds(Int(backoff * 1000)) }
    if let backoff = settings.rateLimitBackoffSeconds { policy.rateLimitBackoff = .milliseconds(Int(backoff * 1000)) }
    if let onTimeout = settings.retryTimeouts { policy.retryTimeouts = onTimeout }
    if let timeout = settings.timeoutSeconds { policy.timeout = .milliseconds(Int(timeout * 1000)) }
    if let stall = settings.stallTimeoutSeconds { policy.stallTimeout = .milliseconds(Int(stall * 1000)) }
    return policy
  }

  /// Ten minutes without a line of output.
  public static let defaultStallTimeout: Duration = .seconds(600)

  /// Whether a failure of this class, on this attempt (1-based), gets another attempt.
  public func shouldRetry(_ failure: FailureClass, attempt: Int) -> Bool {
    guard attempt <= retries else { return false }
    switch failure {
    case .transient, .rateLimited: return true
    case .timedOut: return retryTimeouts
    case .permanent, .engineUnreachable: return false
    }
  }

  /// The wait before attempt `attempt + 1`: exponential from the class's base, capped, with "equal
  /// jitter" (half fixed, half random) so parallel jobs do not retry in lockstep.
  /// - Parameter random: a number in 0..<1 (injected so tests are deterministic).
  public func delay(after failure: FailureClass, attempt: Int, random: Double) -> Duration {
    let base = failure == .rateLimited ? rateLimitBackoff : backoff
    let exponent = min(max(attempt - 1, 0), 16)
    let raw = min(base * (1 << exponent), maximumBackoff)
    return raw / 2 + raw / 2 * max(0, min(random, 1))
  }
}
