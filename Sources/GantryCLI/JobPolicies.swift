import GantryExec
import GantryReport
import GantryLoad
import GantryPlan

/// Turns per-service settings and command-line flags into each job's retry and timeout policy.
///
/// Precedence: `--retries` / `--timeout` when given (a one-off override of everything), then the
/// service's `retry:` / `timeout:`, then `defaults`, then gantry's defaults (2 retries, no timeout).
enum JobPolicies {
  static func make(plan: Plan, project: Project, retries: Int?, timeoutSeconds: Double?) -> [String: JobPolicy] {
    var flags = RunSettings()
    flags.retries = retries
    flags.timeoutSeconds = timeoutSeconds
    let services = Dictionary(project.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var policies: [String: JobPolicy] = [:]
    for job in plan.jobs {
      let settings = flags.over(services[job.service]?.run ?? RunSettings())
      policies[job.id] = policy(settings)
    }
    return policies
  }

  static func policy(_ settings: RunSettings) -> JobPolicy {
    var policy = JobPolicy()
    if let retries = settings.retries { policy.retries = retries }
    if let backoff = settings.backoffSeconds { policy.backoff = .milliseconds(Int(backoff * 1000)) }
    if let backoff = settings.rateLimitBackoffSeconds { policy.rateLimitBackoff = .milliseconds(Int(backoff * 1000)) }
    if let onTimeout = settings.retryTimeouts { policy.retryTimeouts = onTimeout }
    policy.timeout = settings.timeoutSeconds.map { .milliseconds(Int($0 * 1000)) }
    if let stall = settings.stallTimeoutSeconds { policy.stallTimeout = .milliseconds(Int(stall * 1000)) }
    return policy
  }
}
