/// The shard a run built (`gantry build --shard K/N`), with the whole partition, so that one shard's
/// report says which jobs the other shards hold (`gantry report merge` names shards that did not run).
public struct ShardRecord: Codable, Sendable, Hashable {
  /// K, 1-based.
  public var index: Int
  /// N.
  public var count: Int
  /// The partition's id (`gantry ci matrix` prints it): shards of one partition have the same.
  public var partition: String
  /// Every shard's job ids, shard 1 first.
  public var shards: [[String]]

  public init(index: Int, count: Int, partition: String, shards: [[String]]) {
    self.index = index
    self.count = count
    self.partition = partition
    self.shards = shards
  }
}

/// One shard of a merged report (`gantry report merge`).
public struct MergedShard: Codable, Sendable, Hashable {
  public enum Status: String, Codable, Sendable {
    /// Its report was merged: `run_id` and `status` are the shard run's.
    case ran
    /// No report of it was given: its jobs are in the merged report as skipped.
    case missing
  }

  public var index: Int
  public var status: Status
  public var runId: String?
  public var runStatus: RunInfo.Status?
  public var wallSeconds: Double?

  public init(
    index: Int, status: Status, runId: String? = nil, runStatus: RunInfo.Status? = nil, wallSeconds: Double? = nil
  ) {
    self.index = index
    self.status = status
    self.runId = runId
    self.runStatus = runStatus
    self.wallSeconds = wallSeconds
  }
}
