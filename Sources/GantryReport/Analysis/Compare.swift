import Foundation

/// Two runs side by side, job by job: duration, image size and cache-ratio changes, and the
/// regressions beyond the thresholds (`gantry report compare`).
public struct RunComparison: Codable, Sendable, Hashable {
  /// When a change counts as a regression.
  public struct Thresholds: Codable, Sendable, Hashable {
    /// Relative growth of a job's duration (0.2: 20 % slower)…
    public var duration: Double
    /// …by at least this many seconds, so sub-second jitter never counts.
    public var minimumDurationSeconds: Double
    /// Relative growth of an image's size (0.1: 10 % bigger).
    public var size: Double

    public init(duration: Double = 0.2, minimumDurationSeconds: Double = 1, size: Double = 0.1) {
      self.duration = duration
      self.minimumDurationSeconds = minimumDurationSeconds
      self.size = size
    }
  }

  /// Which run is which.
  public struct RunSide: Codable, Sendable, Hashable {
    public var id: String
    public var status: String
    public var finishedAt: Date
    public var wallSeconds: Double
  }

  /// One job: its figures in both runs, the changes, and what regressed.
  public struct Row: Codable, Sendable, Hashable {
    public var id: String
    /// The job's status in each run; nil when the run did not have the job.
    public var baseStatus: String?
    public var currentStatus: String?
    public var baseDurationSeconds: Double?
    public var currentDurationSeconds: Double?
    public var durationDeltaSeconds: Double?
    /// Relative change (0.25: 25 % slower); nil without both figures.
    public var durationChange: Double?
    public var baseSizeBytes: Int64?
    public var currentSizeBytes: Int64?
    public var sizeDeltaBytes: Int64?
    public var sizeChange: Double?
    public var baseCacheHitRatio: Double?
    public var currentCacheHitRatio: Double?
    public var cacheHitRatioDelta: Double?
    /// `duration` and/or `size`, when the change is beyond its threshold.
    public var regressions: [String]
  }

  public var base: RunSide
  public var current: RunSide
  public var thresholds: Thresholds
  public var jobs: [Row]
  /// Jobs with at least one regression.
  public var regressed: [String]

  /// Compares job by job (the current run's order, then jobs only the base run had). Durations are
  /// compared only where the job was built in both runs.
  public init(base: RunReport, current: RunReport, thresholds: Thresholds = Thresholds()) {
    self.base = RunSide(report: base)
    self.current = RunSide(report: current)
    self.thresholds = thresholds
    let ids = current.jobs.map(\.id) + base.jobs.map(\.id).filter { current.job($0) == nil }
    jobs = ids.map { Row(id: $0, base: base.job($0), current: current.job($0), thresholds: thresholds) }
    regressed = jobs.filter { !$0.regressions.isEmpty }.map(\.id)
  }
}

extension RunComparison.RunSide {
  init(report: RunReport) {
    self.init(
      id: report.run.id, status: report.run.status.rawValue, finishedAt: report.run.finishedAt,
      wallSeconds: report.run.wallSeconds)
  }
}

extension RunComparison.Row {
  init(id: String, base: JobReport?, current: JobReport?, thresholds: RunComparison.Thresholds) {
    self.id = id
    baseStatus = base?.status.rawValue
    currentStatus = current?.status.rawValue
    let bothBuilt = base?.status == .built && current?.status == .built
    baseDurationSeconds = base?.durationSeconds
    currentDurationSeconds = current?.durationSeconds
    baseSizeBytes = base?.imageSizeBytes
    currentSizeBytes = current?.imageSizeBytes
    baseCacheHitRatio = base?.cacheHitRatio
    currentCacheHitRatio = current?.cacheHitRatio
    regressions = []
    if bothBuilt, let old = baseDurationSeconds, let new = currentDurationSeconds {
      let delta = new - old
      durationDeltaSeconds = Self.rounded(delta, places: 3)
      durationChange = old > 0 ? Self.rounded(delta / old, places: 4) : nil
      if delta >= thresholds.minimumDurationSeconds, old > 0, delta / old > thresholds.duration {
        regressions.append("duration")
      }
    }
    if let old = baseSizeBytes, let new = currentSizeBytes {
      sizeDeltaBytes = new - old
      sizeChange = old > 0 ? Self.rounded(Double(new - old) / Double(old), places: 4) : nil
      if old > 0, Double(new - old) / Double(old) > thresholds.size { regressions.append("size") }
    }
    if let old = baseCacheHitRatio, let new = currentCacheHitRatio {
      cacheHitRatioDelta = Self.rounded(new - old, places: 4)
    }
  }

  static func rounded(_ value: Double, places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return (value * scale).rounded() / scale
  }
}
