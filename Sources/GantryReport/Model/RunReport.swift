import Foundation

/// What a run did, written as `report.json` (keys snake_case; docs/report.md describes every field).
public struct RunReport: Codable, Sendable, Hashable {
  /// Raised when a field changes meaning or goes away; new fields keep the version.
  public static let currentSchemaVersion = 1

  public var schemaVersion: Int
  public var run: RunInfo
  public var jobs: [JobReport]

  public init(run: RunInfo, jobs: [JobReport]) {
    self.schemaVersion = Self.currentSchemaVersion
    self.run = run
    self.jobs = jobs
  }

  public func job(_ id: String) -> JobReport? { jobs.first { $0.id == id } }

  public func count(_ status: JobStatus) -> Int { jobs.filter { $0.status == status }.count }
}

/// The run as a whole.
public struct RunInfo: Codable, Sendable, Hashable {
  public enum Status: String, Codable, Sendable {
    case succeeded, failed, interrupted
  }

  public var id: String
  public var startedAt: Date
  public var finishedAt: Date
  public var wallSeconds: Double
  public var status: Status
  /// The `--jobs` limit.
  public var jobs: Int
  public var keepGoing: Bool
  public var backend: String
  public var gantryVersion: String
  /// Sum of every job's build time.
  public var totalJobSeconds: Double
  /// The most memory gantry itself held at once (its peak resident set), when measured.
  public var peakMemoryBytes: Int?
  /// The measured critical path: the last job to finish, the dependency that finished last before
  /// it, and so on back to a job with none (first job first).
  public var criticalPath: [String]?
  /// The sum of the durations of the critical path's jobs.
  public var criticalPathSeconds: Double?
  /// `total_job_seconds / (wall_seconds × min(jobs, jobs that ran))`: 1 means every usable slot
  /// was busy for the whole run.
  public var parallelEfficiency: Double?
  /// Build steps BuildKit reported `CACHED`, and all counted steps, over every job.
  public var cachedSteps: Int?
  public var totalSteps: Int?
  public var cacheHitRatio: Double?
  /// The commit checked out in the repository (read from `.git`), when there is one.
  public var gitCommit: String?
  /// Whether `--enforce-budgets` was given (a job over budget then fails the run).
  public var budgetsEnforced: Bool?
  /// Jobs over their `max_duration` or `max_image_size`.
  public var overBudget: [String]?
  /// The shard this run built (`gantry build --shard`), or the partition a merged report covers.
  public var shard: ShardRecord?
  /// In a merged report (`gantry report merge`): each shard, and whether it ran.
  public var mergedShards: [MergedShard]?

  public init(
    id: String, startedAt: Date, finishedAt: Date, wallSeconds: Double, status: Status, jobs: Int, keepGoing: Bool,
    backend: String, gantryVersion: String, totalJobSeconds: Double
  ) {
    self.id = id
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.wallSeconds = wallSeconds
    self.status = status
    self.jobs = jobs
    self.keepGoing = keepGoing
    self.backend = backend
    self.gantryVersion = gantryVersion
    self.totalJobSeconds = totalJobSeconds
  }
}

/// One job's outcome.
public struct JobReport: Codable, Sendable, Hashable {
  public var id: String
  public var service: String
  /// Every service whose image the job built, when there are several (compose services sharing one image
  /// and build definition); nil for one.
  public var services: [String]?
  public var platforms: [String]
  public var status: JobStatus
  public var deps: [String]
  public var tags: [String]
  /// When every dependency had succeeded (the job could have started).
  public var queuedAt: Date?
  public var startedAt: Date?
  public var finishedAt: Date?
  public var durationSeconds: Double?
  public var exitCode: Int32?
  public var imageId: String?
  public var logPath: String?
  /// The command that ran, argv[0] first, with secret-looking build arguments masked.
  public var argv: [String]?
  /// A short excerpt of what went wrong, or why the job did not run.
  public var error: String?
  /// Every attempt, in order; more than one when a transient failure was retried.
  public var attempts: [AttemptReport] = []
  /// The builder the job ran on (`default` until builders can be chosen), and the slot (0-based
  /// lane) it occupied there, reconstructed from the start and finish times.
  public var builder: String?
  public var slot: Int?
  /// Whether the build ran under emulation (a platform the builder does not run natively).
  public var emulated: Bool?
  /// Dependency images copied into the builder's image store before the build (docs/multi-arch.md).
  public var copies: [ImageCopyReport]?
  /// Why the job ran, or why it did not have to (docs/incremental.md): `not built before`,
  /// `forced`, `inputs changed: src/main.go`, `up to date`.
  public var reason: String?
  /// `sha256:…`: the digest of everything the build reads (docs/incremental.md).
  public var inputsDigest: String?
  /// From `queued_at` to `started_at`: waiting for a slot.
  public var queueSeconds: Double?
  /// Time the builder ran, summed over attempts (waits between attempts excluded).
  public var buildSeconds: Double?
  /// Build steps BuildKit reported `CACHED` and all counted steps (of the last attempt; every
  /// platform's steps count), and their ratio.
  public var cachedSteps: Int?
  public var totalSteps: Int?
  public var cacheHitRatio: Double?
  /// The pushed or loaded image's digest, from the buildx metadata file (`containerimage.digest`).
  public var imageDigest: String?
  /// `docker image inspect --format {{.Size}}` of the built image.
  public var imageSizeBytes: Int64?
  /// Bytes BuildKit transferred for the build context ("transferring context" lines).
  public var contextBytes: Int64?
  /// Files in the context folder once `.dockerignore` is applied (measured by gantry).
  public var contextFiles: Int?
  /// Budgets the job went over (`max_duration`, `max_image_size`), in words.
  public var budgetWarnings: [String]?
  /// The shard (K of `--shard K/N`) that built the job, in shard and merged reports.
  public var shard: Int?

  public init(id: String, service: String, platforms: [String], status: JobStatus, deps: [String], tags: [String]) {
    self.id = id
    self.service = service
    self.platforms = platforms
    self.status = status
    self.deps = deps
    self.tags = tags
  }
}

/// One run of a job's command.
public struct AttemptReport: Codable, Sendable, Hashable {
  public var number: Int
  public var startedAt: Date
  public var finishedAt: Date
  public var durationSeconds: Double
  public var exitCode: Int32?
  /// `built` or `failed`, or `timed_out`, `cancelled`.
  public var outcome: JobStatus
  /// For a failed attempt: transient, rate_limited, engine_unreachable, timed_out or permanent.
  public var classification: FailureClass?
  /// The rule that decided the classification, and the log line it was found in.
  public var matchedPattern: String?
  public var matchedLine: String?
  /// How long gantry waited before the next attempt.
  public var retryDelaySeconds: Double?

  public init(
    number: Int, startedAt: Date, finishedAt: Date, durationSeconds: Double, exitCode: Int32?, outcome: JobStatus,
    classification: FailureClass? = nil, matchedPattern: String? = nil, matchedLine: String? = nil,
    retryDelaySeconds: Double? = nil
  ) {
    self.number = number
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.durationSeconds = durationSeconds
    self.exitCode = exitCode
    self.outcome = outcome
    self.classification = classification
    self.matchedPattern = matchedPattern
    self.matchedLine = matchedLine
    self.retryDelaySeconds = retryDelaySeconds
  }
}

/// Timestamps as ISO 8601 UTC with milliseconds (`2026-11-23T11:06:21.123Z`): the form dates
/// take in every file gantry writes; in memory they are `Date`.
public enum Timestamp {
  /// Rounded to the nearest millisecond, so that a time read back from its text writes the same text.
  public static func string(_ date: Date) -> String {
    let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
    let (whole, rest) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
    let text = Date(timeIntervalSince1970: Double(whole)).formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    return text.dropLast() + "." + String(rest + 1000).dropFirst() + "Z"
  }

  public static func date(_ text: String) -> Date? {
    try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text)
  }
}
