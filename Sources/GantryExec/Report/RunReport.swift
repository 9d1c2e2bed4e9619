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
  public var startedAt: String
  public var finishedAt: String
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
}

/// One job's outcome.
public struct JobReport: Codable, Sendable, Hashable {
  public var id: String
  public var service: String
  public var platforms: [String]
  public var status: JobStatus
  public var deps: [String]
  public var tags: [String]
  /// When every dependency had succeeded (the job could have started).
  public var queuedAt: String?
  public var startedAt: String?
  public var finishedAt: String?
  public var durationSeconds: Double?
  public var exitCode: Int32?
  public var imageId: String?
  public var logPath: String?
  /// A short excerpt of what went wrong, or why the job did not run.
  public var error: String?
  /// Every attempt, in order; more than one when a transient failure was retried.
  public var attempts: [AttemptReport] = []

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
  public var startedAt: String
  public var finishedAt: String
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
}

/// Timestamps as ISO 8601 UTC with milliseconds (`2026-11-23T11:06:21.123Z`).
public enum Timestamp {
  public static func string(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
  }

  public static func date(_ text: String) -> Date? {
    try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text)
  }
}
