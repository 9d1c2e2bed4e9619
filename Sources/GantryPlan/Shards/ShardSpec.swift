import GantryCore

/// `--shard K/N`: shard K (1-based) of a partition into N shards.
public struct ShardSpec: Hashable, Sendable, CustomStringConvertible {
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Parses `K/N` with 1 ≤ K ≤ N.
  public init(parsing text: String) throws(Diagnostic) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    let hint = "write --shard K/N with 1 ≤ K ≤ N, e.g. --shard 2/3 (gantry ci matrix lists the shards)"
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw .error("--shard must be K/N (two whole numbers), not '\(text)'", at: nil, hint: hint)
    }
    guard count >= 1 else { throw .error("--shard \(text): N must be at least 1", at: nil, hint: hint) }
    guard (1...count).contains(index) else {
      throw .error("--shard \(text): K must be between 1 and \(count)", at: nil, hint: hint)
    }
    self.init(index: index, count: count)
  }

  public var description: String { "\(index)/\(count)" }
}
