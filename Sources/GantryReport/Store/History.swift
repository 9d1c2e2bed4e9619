import Foundation

/// One line of `.gantry/history.jsonl`: what each built job of a run measured.
public struct HistoryEntry: Codable, Sendable, Hashable {
  public var runId: String
  public var finishedAt: Date
  /// Seconds, by job id (built jobs only).
  public var durations: [String: Double]
  /// Image sizes in bytes, by job id, where measured.
  public var sizes: [String: Int64]?
  /// `cache_hit_ratio`, by job id, where BuildKit reported steps.
  public var cacheRatios: [String: Double]?

  public init(report: RunReport) {
    runId = report.run.id
    finishedAt = report.run.finishedAt
    var durations: [String: Double] = [:]
    var sizes: [String: Int64] = [:]
    var ratios: [String: Double] = [:]
    for job in report.jobs where job.status == .built {
      durations[job.id] = job.durationSeconds ?? 0
      sizes[job.id] = job.imageSizeBytes
      ratios[job.id] = job.cacheHitRatio
    }
    self.durations = durations
    self.sizes = sizes.isEmpty ? nil : sizes
    self.cacheRatios = ratios.isEmpty ? nil : ratios
  }
}

extension ReportStore {
  /// Every readable history line, oldest first (lines that do not decode are passed over).
  public func history() -> [HistoryEntry] {
    guard let text = try? String(contentsOfFile: historyPath, encoding: .utf8) else { return [] }
    let decoder = Self.decoder()
    return text.split(separator: "\n").compactMap { try? decoder.decode(HistoryEntry.self, from: Data($0.utf8)) }
  }

  /// Appends the run's figures to the history, keeping the last `historyLimit` runs.
  public func appendHistory(_ report: RunReport) throws {
    let entry = HistoryEntry(report: report)
    guard !entry.durations.isEmpty else { return }
    try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
    var lines =
      (try? String(contentsOfFile: historyPath, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    lines.append(String(decoding: try Self.encode(entry, pretty: false), as: UTF8.self))
    let kept = lines.suffix(max(historyLimit, 1)).joined(separator: "\n") + "\n"
    try Data(kept.utf8).write(to: URL(fileURLWithPath: historyPath), options: .atomic)
  }

  /// Expected duration of each job: the median of its last five recorded builds. A build served
  /// wholly from the cache (cache hit ratio 1) says little about how long the job takes when its
  /// inputs change, so such samples count only for jobs that have no other.
  public func expectedDurations() -> [String: Double] {
    Self.expectedDurations(history())
  }

  static func expectedDurations(_ entries: [HistoryEntry]) -> [String: Double] {
    var samples: [String: [Double]] = [:]
    var cachedSamples: [String: [Double]] = [:]
    for entry in entries {
      for (id, seconds) in entry.durations {
        if entry.cacheRatios?[id] == 1 {
          cachedSamples[id, default: []].append(seconds)
        } else {
          samples[id, default: []].append(seconds)
        }
      }
    }
    for (id, values) in cachedSamples where samples[id] == nil { samples[id] = values }
    return samples.mapValues { values in
      let recent = values.suffix(5).sorted()
      return recent[recent.count / 2]
    }
  }

  /// Jobs the history has a build of: a job outside this set runs because it was "not built before".
  public func previouslyBuilt() -> Set<String> {
    Set(history().flatMap(\.durations.keys))
  }
}
