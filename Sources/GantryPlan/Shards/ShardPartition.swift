import GantryCore

/// One shard: the jobs one CI job builds, and what it needs from earlier shards.
public struct Shard: Hashable, Sendable, Codable {
  /// 1-based; shards are numbered wave by wave, so running 1…N one after another is a valid order.
  public var index: Int
  /// 1-based wave: every job of another shard this shard needs is in an earlier wave.
  public var wave: Int
  /// Job ids, in the plan's order.
  public var jobs: [String]
  /// The services the jobs build, sorted.
  public var services: [String]
  /// The sum of the jobs' expected durations.
  public var expectedSeconds: Double
  /// Jobs of other (earlier) shards whose images this shard's jobs read: pulled from the registry.
  public var upstream: [String]
  /// Those jobs' images (their first tags), sorted.
  public var upstreamImages: [String]

  enum CodingKeys: String, CodingKey {
    case index, wave, jobs, services, expectedSeconds = "expected_seconds", upstream
    case upstreamImages = "upstream_images"
  }
}

/// A deterministic partition of a plan's jobs into shards (docs/ci.md#shards).
///
/// Jobs are cut into dependency waves (by depth in the job graph); within a wave, jobs that depend on
/// each other stay together (connected components of the wave), and components are packed onto the
/// wave's shards longest first. So a shard needs only images of earlier waves, which the registry
/// hands over, and no image is built twice.
public struct ShardPartition: Hashable, Sendable, Codable {
  /// N: shards asked for (or chosen under `--max-shards`); some may be empty.
  public var count: Int
  /// Waves used (1 when no shard needs another's image).
  public var waves: Int
  /// `count` shards, by index; empty shards have no jobs.
  public var shards: [Shard]
  /// The sum over waves of the wave's largest shard: the expected wall time with one runner per shard.
  public var expectedSeconds: Double
  /// The plan's critical path by the same durations: no partition finishes sooner.
  public var criticalPathSeconds: Double
  /// Every job's expected duration, summed.
  public var totalSeconds: Double
  /// A short digest of the jobs, their dependencies and the assignment: equal partitions have equal ids,
  /// so a shard build can check it builds the partition the matrix was made from.
  public var id: String

  enum CodingKeys: String, CodingKey {
    case count, waves, shards, expectedSeconds = "expected_seconds", criticalPathSeconds = "critical_path_seconds"
    case totalSeconds = "total_seconds", id
  }

  public var nonEmpty: [Shard] { shards.filter { !$0.jobs.isEmpty } }

  public func shard(_ spec: ShardSpec) -> Shard? { spec.index <= shards.count ? shards[spec.index - 1] : nil }

  /// The shard each job is in.
  public var shardOfJob: [String: Int] {
    shards.reduce(into: [:]) { result, shard in for job in shard.jobs { result[job] = shard.index } }
  }
}
