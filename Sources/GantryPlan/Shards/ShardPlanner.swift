import GantryCore

/// Partitions a plan into shards balanced by expected duration (docs/ci.md#shards). Pure.
public enum ShardPlanner {
  /// The expected duration of a build job with no history: one minute.
  public static let defaultBuildSeconds = 60.0
  /// The expected duration of a manifest-list job with no history.
  public static let defaultManifestSeconds = 5.0
  /// Under `--max-shards`, the fewest shards whose expected time is within this fraction of the best.
  public static let maxShardsTolerance = 0.1

  /// How many shards to make.
  public enum Count: Hashable, Sendable {
    /// Exactly N (some may stay empty when the graph cannot use them).
    case exactly(Int)
    /// As many as shorten the expected time, at most N.
    case atMost(Int)
  }

  public enum PartitionError: ReportableError, Equatable {
    case tooManyShards(requested: Int, jobs: Int)
    case noShards

    public var diagnostics: [Diagnostic] {
      switch self {
      case .tooManyShards(let requested, let jobs):
        [
          .error(
            "\(requested) shards asked for, but the selection has only \(jobs) job\(jobs == 1 ? "" : "s")", at: nil,
            hint: "use --shards \(max(jobs, 1)) or fewer, or --max-shards \(requested) to let gantry choose")
        ]
      case .noShards:
        [.error("the number of shards must be at least 1", at: nil, hint: "use --shards N with N ≥ 1")]
      }
    }
  }

  /// Expected seconds of each job: the history's, else the documented defaults.
  public static func durations(for plan: Plan, history: [String: Double]) -> [String: Double] {
    plan.jobs.reduce(into: [:]) { result, job in
      result[job.id] =
        history[job.id] ?? (job.kind == .manifest ? defaultManifestSeconds : defaultBuildSeconds)
    }
  }

  /// - Parameters:
  ///   - history: expected seconds by job id (`ReportStore.expectedDurations()`); others get the defaults.
  ///   - maxWaves: the most waves the CI workflow runs one after another (nil: as many as help).
  public static func partition(
    _ plan: Plan, count: Count, maxWaves: Int? = nil, history: [String: Double] = [:]
  ) throws(PartitionError) -> ShardPartition {
    let requested: Int
    switch count {
    case .exactly(let n), .atMost(let n): requested = n
    }
    guard requested >= 1, (maxWaves ?? 1) >= 1 else { throw .noShards }
    if case .exactly = count, requested > plan.jobs.count {
      throw .tooManyShards(requested: requested, jobs: plan.jobs.count)
    }
    let seconds = durations(for: plan, history: history)
    let graph = JobGraph(jobs: plan.jobs)
    let depth = plan.levels.enumerated().reduce(into: [String: Int]()) { result, level in
      for id in level.element { result[id] = level.offset }
    }
    let sizes: [Int]
    switch count {
    case .exactly(let n): sizes = [n]
    case .atMost(let n): sizes = Array(1...max(1, min(n, plan.jobs.count)))
    }
    var candidates: [ShardPartition] = []
    for size in sizes {
      let waveLimit = min(maxWaves ?? plan.levels.count, plan.levels.count, size)
      var best: ShardPartition?
      for waves in 1...max(1, waveLimit) {
        guard
          let candidate = assign(
            plan, shards: size, waves: waves, depth: depth, graph: graph, seconds: seconds)
        else { continue }
        // Fewer waves win ties: every wave is a barrier and a registry round trip.
        if best == nil || candidate.expectedSeconds < best!.expectedSeconds - 1e-9 { best = candidate }
      }
      if let best { candidates.append(best) }
    }
    guard let fastest = candidates.map(\.expectedSeconds).min() else {
      return empty(plan, count: requested, seconds: seconds, graph: graph)
    }
    let chosen =
      candidates.first { $0.expectedSeconds <= fastest * (1 + maxShardsTolerance) + 1e-9 } ?? candidates[0]
    return chosen
  }

  /// The partition with `shards` shards over `waves` waves, or nil when some wave would get no shard.
  static func assign(
    _ plan: Plan, shards: Int, waves: Int, depth: [String: Int], graph: JobGraph, seconds: [String: Double]
  ) -> ShardPartition? {
    let wave = { (id: String) in min(depth[id] ?? 0, waves - 1) }
    // Components of each wave: jobs of one wave that depend on each other stay together.
    var components: [[[String]]] = Array(repeating: [], count: waves)
    var seen: Set<String> = []
    for job in plan.order where !seen.contains(job) {
      let w = wave(job)
      var component: [String] = []
      var stack = [job]
      seen.insert(job)
      while let next = stack.popLast() {
        component.append(next)
        for other in graph.dependencies(of: next) + graph.dependents(of: next)
        where wave(other) == w && !seen.contains(other) {
          seen.insert(other)
          stack.append(other)
        }
      }
      components[w].append(component)
    }
    let nonEmptyWaves = components.filter { !$0.isEmpty }.count
    guard nonEmptyWaves <= shards, nonEmptyWaves == waves else { return nil }
    let weight = { (component: [String]) in component.reduce(0) { $0 + (seconds[$1] ?? 0) } }
    // Give each wave one shard, then each further shard to the wave whose slowest shard it shortens most.
    var perWave = components.map { $0.isEmpty ? 0 : 1 }
    var packed = components.indices.map { pack(components[$0], into: perWave[$0], weight: weight) }
    for _ in 0..<(shards - nonEmptyWaves) {
      var bestWave: Int?
      var bestGain = 1e-9
      for w in components.indices where perWave[w] < components[w].count {
        let current = packed[w].map(\.load).max() ?? 0
        let next = pack(components[w], into: perWave[w] + 1, weight: weight).map(\.load).max() ?? 0
        if current - next > bestGain {
          bestGain = current - next
          bestWave = w
        }
      }
      // No shard shortens a wave any more: spread the rest anyway (less riding on each estimate),
      // onto the wave with the most work per shard that still has components to spare.
      let spare = components.indices.filter { perWave[$0] < components[$0].count }
      guard
        let w = bestWave
          ?? spare.max(by: { a, b in
            let (la, lb) = (load(packed[a]) / Double(perWave[a]), load(packed[b]) / Double(perWave[b]))
            return la != lb ? la < lb : a > b
          })
      else { break }
      perWave[w] += 1
      packed[w] = pack(components[w], into: perWave[w], weight: weight)
    }
    let position = Dictionary(uniqueKeysWithValues: plan.order.enumerated().map { ($1, $0) })
    var result: [Shard] = []
    var shardOf: [String: Int] = [:]
    for (w, bins) in packed.enumerated() {
      for bin in bins where !bin.jobs.isEmpty {
        let jobs = bin.jobs.sorted { position[$0, default: 0] < position[$1, default: 0] }
        let index = result.count + 1
        for job in jobs { shardOf[job] = index }
        let services = Set(jobs.compactMap { plan.job($0)?.services }.joined()).sorted()
        result.append(
          Shard(
            index: index, wave: w + 1, jobs: jobs, services: services, expectedSeconds: bin.load, upstream: [],
            upstreamImages: []))
      }
    }
    for i in result.indices {
      let own = Set(result[i].jobs)
      let upstream = Set(result[i].jobs.flatMap(graph.dependencies(of:))).subtracting(own).sorted()
      result[i].upstream = upstream
      result[i].upstreamImages = Set(upstream.compactMap { plan.job($0)?.tags.first }).sorted()
    }
    while result.count < shards {
      result.append(
        Shard(
          index: result.count + 1, wave: waves, jobs: [], services: [], expectedSeconds: 0, upstream: [],
          upstreamImages: []))
    }
    let expected = packed.map { $0.map(\.load).max() ?? 0 }.reduce(0, +)
    return ShardPartition(
      count: shards, waves: waves, shards: result, expectedSeconds: expected,
      criticalPathSeconds: criticalPathSeconds(plan, graph: graph, seconds: seconds),
      totalSeconds: seconds.values.reduce(0, +), id: fingerprint(plan, shardOf: shardOf, count: shards))
  }

  static func load(_ bins: [(jobs: [String], load: Double)]) -> Double { bins.reduce(0) { $0 + $1.load } }

  /// Longest component first onto the least loaded bin (lowest index on ties). Deterministic.
  static func pack(
    _ components: [[String]], into bins: Int, weight: ([String]) -> Double
  ) -> [(jobs: [String], load: Double)] {
    guard bins > 0 else { return [] }
    var result = Array(repeating: (jobs: [String](), load: 0.0), count: bins)
    let sorted = components.map { ($0, weight($0)) }.sorted { a, b in
      a.1 != b.1 ? a.1 > b.1 : (a.0.min() ?? "") < (b.0.min() ?? "")
    }
    for (component, load) in sorted {
      var target = 0
      for i in result.indices where result[i].load < result[target].load - 1e-9 { target = i }
      result[target].jobs += component
      result[target].load += load
    }
    return result.sorted { a, b in a.load != b.load ? a.load > b.load : (a.jobs.min() ?? "") < (b.jobs.min() ?? "") }
  }

  static func empty(_ plan: Plan, count: Int, seconds: [String: Double], graph: JobGraph) -> ShardPartition {
    ShardPartition(
      count: count, waves: 1,
      shards: (1...count).map {
        Shard(index: $0, wave: 1, jobs: [], services: [], expectedSeconds: 0, upstream: [], upstreamImages: [])
      }, expectedSeconds: 0, criticalPathSeconds: 0, totalSeconds: 0, id: fingerprint(plan, shardOf: [:], count: count))
  }

  static func criticalPathSeconds(_ plan: Plan, graph: JobGraph, seconds: [String: Double]) -> Double {
    GraphAlgorithms.criticalPath(order: plan.order, dependents: graph.dependents(of:), weight: { seconds[$0] ?? 0 })
      .reduce(0) { $0 + (seconds[$1] ?? 0) }
  }

  /// FNV-1a over the jobs, their dependencies and their shards: the same on every machine.
  static func fingerprint(_ plan: Plan, shardOf: [String: Int], count: Int) -> String {
    var text = "\(count)\n"
    for job in plan.jobs.sorted(by: { $0.id < $1.id }) {
      text += "\(job.id)>\(job.deps.joined(separator: ","))=\(shardOf[job.id] ?? 0)\n"
    }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
