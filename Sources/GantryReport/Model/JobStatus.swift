/// Where a job stands in a run.
public enum JobStatus: String, Sendable, Codable, Hashable {
  case waiting, running, built, failed, skipped, cancelled
  /// Failed by running past its timeout.
  case timedOut = "timed_out"
  /// Not built: its image exists with exactly these inputs (docs/incremental.md).
  case upToDate = "up_to_date"

  /// Its image is there for dependents: built now, or up to date.
  public var isSuccess: Bool { self == .built || self == .upToDate }

  /// A failure of the job itself (as opposed to skipped or cancelled).
  public var isFailure: Bool { self == .failed || self == .timedOut }

  public var isFinal: Bool { self != .waiting && self != .running }
}

/// One dependency image copied into the store of the builder a job ran on (`copies` in report.json).
public struct ImageCopyReport: Codable, Sendable, Hashable {
  /// The job that built the image, and its tags.
  public var job: String
  public var tags: [String]
  public var from: String
  public var to: String
  public var durationSeconds: Double
  public var succeeded: Bool

  public init(job: String, tags: [String], from: String, to: String, durationSeconds: Double, succeeded: Bool) {
    self.job = job
    self.tags = tags
    self.from = from
    self.to = to
    self.durationSeconds = durationSeconds
    self.succeeded = succeeded
  }
}
