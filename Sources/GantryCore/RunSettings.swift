/// How a service's builds are run (retries, timeout), from `defaults` and the service; unset fields
/// fall back to the command line and then to gantry's own defaults.
public struct RunSettings: Hashable, Sendable {
  /// Extra attempts after a transient failure.
  public var retries: Int?
  /// First wait before a retry, in seconds (doubles each time).
  public var backoffSeconds: Double?
  /// First wait before retrying a rate-limited failure, in seconds.
  public var rateLimitBackoffSeconds: Double?
  /// Whether a build that timed out is retried.
  public var retryTimeouts: Bool?
  /// The longest a build may run, in seconds.
  public var timeoutSeconds: Double?
  /// The longest a build may print nothing, in seconds (`stall_timeout`).
  public var stallTimeoutSeconds: Double?

  public init() {}

  /// These settings with every unset field taken from `fallback`.
  public func over(_ fallback: RunSettings) -> RunSettings {
    var merged = self
    merged.retries = retries ?? fallback.retries
    merged.backoffSeconds = backoffSeconds ?? fallback.backoffSeconds
    merged.rateLimitBackoffSeconds = rateLimitBackoffSeconds ?? fallback.rateLimitBackoffSeconds
    merged.retryTimeouts = retryTimeouts ?? fallback.retryTimeouts
    merged.timeoutSeconds = timeoutSeconds ?? fallback.timeoutSeconds
    merged.stallTimeoutSeconds = stallTimeoutSeconds ?? fallback.stallTimeoutSeconds
    return merged
  }
}
