import Foundation

/// Each job's duration, image size and cache hit ratio over the last runs of the history, with the
/// regressions marked (`gantry report trend`; docs/report.md#trends).
///
/// A value regresses when it grew past a threshold over the previous run that built the job: the
/// thresholds of `gantry report compare` (duration +20 % and at least 1 s, size +10 %).
public struct Trend: Sendable, Hashable {
  public struct Thresholds: Sendable, Hashable {
    /// Fraction a duration may grow (0.2: 20 %).
    public var duration: Double
    /// Seconds a duration must grow by, at least, to count.
    public var minimumDurationSeconds: Double
    /// Fraction an image may grow.
    public var size: Double

    public init(duration: Double = 0.2, minimumDurationSeconds: Double = 1, size: Double = 0.1) {
      self.duration = duration
      self.minimumDurationSeconds = minimumDurationSeconds
      self.size = size
    }
  }

  /// A run of the history.
  public struct Run: Sendable, Hashable {
    public var id: String
    public var finishedAt: Date
  }

  /// What one run measured of one job.
  public struct Point: Sendable, Hashable {
    public var durationSeconds: Double?
    public var imageSizeBytes: Int64?
    public var cacheHitRatio: Double?
    /// Grown past the threshold over the previous run that built the job.
    public var durationRegressed = false
    public var sizeRegressed = false
  }

  /// One job over the runs: `points[i]` belongs to `runs[i]` (nil: the run did not build it).
  public struct Series: Sendable, Hashable {
    public var job: String
    public var points: [Point?]

    public var regressions: Int { points.compactMap { $0 }.filter { $0.durationRegressed || $0.sizeRegressed }.count }
  }

  public var runs: [Run]
  public var series: [Series]
  public var thresholds: Thresholds

  /// - Parameter last: how many of the newest runs to show.
  public init(history: [HistoryEntry], last: Int, thresholds: Thresholds = Thresholds()) {
    let entries = Array(history.suffix(max(last, 0)))
    self.thresholds = thresholds
    runs = entries.map { Run(id: $0.runId, finishedAt: $0.finishedAt) }
    let jobs = Set(entries.flatMap(\.durations.keys)).sorted()
    series = jobs.map { job in
      var previous: Point?
      var points: [Point?] = []
      for entry in entries {
        guard let duration = entry.durations[job] else {
          points.append(nil)
          continue
        }
        var point = Point(
          durationSeconds: duration, imageSizeBytes: entry.sizes?[job], cacheHitRatio: entry.cacheRatios?[job])
        if let before = previous?.durationSeconds {
          point.durationRegressed =
            duration > before * (1 + thresholds.duration) && duration - before >= thresholds.minimumDurationSeconds
        }
        if let before = previous?.imageSizeBytes, let size = point.imageSizeBytes, before > 0 {
          point.sizeRegressed = Double(size) > Double(before) * (1 + thresholds.size)
        }
        points.append(point)
        previous = point
      }
      return Series(job: job, points: points)
    }
  }
}
