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
    // The best packing per number of shards. Wave counts ascend and the first best is kept:
    // fewer waves win ties (every wave is a barrier and a registry round trip).
    var best: [Int: (expected: Double, waves: Int, packed: [[Bin]])] = [:]
    let waveLimit = min(maxWaves ?? plan.levels.count, plan.levels.count, sizes.max() ?? 1)
    for waves in 1...max(1, waveLimit) {
      for cuts in cutChoices(levels: plan.levels.count, waves: waves) {
        let waveOfLevel = (0..<max(plan.levels.count, 1)).map { level in cuts.filter { $0 <= level }.count }
        let components = waveComponents(
          plan, wave: { waveOfLevel[depth[$0] ?? 0] }, waves: waves, graph: graph, seconds: seconds)
        guard components.allSatisfy({ !$0.isEmpty }) else { continue }
        for size in sizes where size >= waves {
          let packed = allocate(components, shards: size)
          let expected = packed.map { $0.map(\.load).max() ?? 0 }.reduce(0, +)
          if let current = best[size], current.expected <= expected + 1e-9 { continue }
          best[size] = (expected, waves, packed)
        }
      }
    }
    guard let fastest = best.values.map(\.expected).min() else {
      return empty(plan, count: requested, seconds: seconds, graph: graph)
    }
    let size = sizes.first { (best[$0]?.expected ?? .infinity) <= fastest * (1 + maxShardsTolerance) + 1e-9 } ?? requested
    guard let chosen = best[size] else { return empty(plan, count: requested, seconds: seconds, graph: graph) }
    return partition(
      plan, packed: chosen.packed, shards: size, waves: chosen.waves, expected: chosen.expected, graph: graph,
      seconds: seconds)
  }

  /// Jobs of one shard, and their summed expected seconds.
  typealias Bin = (jobs: [String], load: Double)

  /// A wave's connected component (jobs that depend on each other), and its expected seconds.
  typealias Component = (jobs: [String], load: Double)

  /// At most this many ways to group the levels into waves are tried per wave count.
  static let maxCutChoices = 200

  /// Ways to cut `levels` consecutive levels into `waves` waves: each choice lists the levels that
  /// start a new wave (ascending). All of them while there are at most `maxCutChoices`; beyond,
  /// the first `waves - 1` levels each a wave of their own and the rest the last wave, and the
  /// first level of each of the last `waves - 1` its own wave start.
  static func cutChoices(levels: Int, waves: Int) -> [[Int]] {
    let cuts = waves - 1
    guard cuts > 0, levels > cuts else { return [Array(1..<max(1, min(waves, levels)))] }
    var result: [[Int]] = []
    var current: [Int] = []
    func choose(from start: Int) -> Bool {
      if current.count == cuts {
        result.append(current)
        return result.count < maxCutChoices
      }
      guard start < levels else { return true }
      for level in start..<levels where levels - level >= cuts - current.count {
        current.append(level)
        let more = choose(from: level + 1)
        current.removeLast()
        if !more { return false }
      }
      return true
    }
    if choose(from: 1) { return result }
    let early = Array(1...cuts)
    let late = Array((levels - cuts)..<levels)
    return Array(Set(result + [early, late])).sorted { $0.lexicographicallyPrecedes($1) }
  }

  /// The components of each wave (0-based), longest first: jobs of one wave that depend on each
  /// other stay together.
  static func waveComponents(
    _ plan: Plan, wave: (String) -> Int, waves: Int, graph: JobGraph, seconds: [String: Double]
  ) -> [[Component]] {
    var components: [[Component]] = Array(repeating: [], count: waves)
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
      components[w].append((component, component.reduce(0) { $0 + (seconds[$1] ?? 0) }))
    }
    return components.map { wave in
      wave.map { (jobs: $0.jobs, load: $0.load, first: $0.jobs.min() ?? "") }
        .sorted { a, b in a.load != b.load ? a.load > b.load : a.first < b.first }
        .map { (jobs: $0.jobs, load: $0.load) }
    }
  }

  /// Shards for each wave: one each, then each further shard to the wave whose slowest shard it
  /// shortens most.
  static func allocate(_ components: [[Component]], shards: Int) -> [[Bin]] {
    var perWave = components.map { $0.isEmpty ? 0 : 1 }
    var packed = components.indices.map { pack(components[$0], into: perWave[$0]) }
    for _ in 0..<max(0, shards - perWave.reduce(0, +)) {
      var bestWave: Int?
      var bestGain = 1e-9
      for w in components.indices where perWave[w] < components[w].count {
        let current = packed[w].map(\.load).max() ?? 0
        let next = pack(components[w], into: perWave[w] + 1).map(\.load).max() ?? 0
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
      packed[w] = pack(components[w], into: perWave[w])
    }
    return packed
  }

  /// The partition of a packing: shards numbered wave by wave, each with its upstream jobs.
  static func partition(
    _ plan: Plan, packed: [[Bin]], shards: Int, waves: Int, expected: Double, graph: JobGraph,
    seconds: [String: Double]
  ) -> ShardPartition {
    let position = Dictionary(uniqueKeysWithValues: plan.order.enumerated().map { ($1, $0) })
    let byID = Dictionary(plan.jobs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var result: [Shard] = []
    var shardOf: [String: Int] = [:]
    for (w, bins) in packed.enumerated() {
      for bin in bins where !bin.jobs.isEmpty {
        let jobs = bin.jobs.sorted { position[$0, default: 0] < position[$1, default: 0] }
        let index = result.count + 1
        for job in jobs { shardOf[job] = index }
        let services = Set(jobs.compactMap { byID[$0]?.services }.joined()).sorted()
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
      result[i].upstreamImages = Set(upstream.compactMap { byID[$0]?.tags.first }).sorted()
    }
    while result.count < shards {
      result.append(
        Shard(
          index: result.count + 1, wave: waves, jobs: [], services: [], expectedSeconds: 0, upstream: [],
          upstreamImages: []))
    }
    return ShardPartition(
      count: shards, waves: waves, shards: result, expectedSeconds: expected,
      criticalPathSeconds: criticalPathSeconds(plan, graph: graph, seconds: seconds),
      totalSeconds: seconds.values.reduce(0, +), id: fingerprint(plan, shardOf: shardOf, count: shards))
  }

  static func load(_ bins: [Bin]) -> Double { bins.reduce(0) { $0 + $1.load } }

  /// Components (longest first) onto the least loaded bin (lowest index on ties). Deterministic.
  static func pack(_ components: [Component], into bins: Int) -> [Bin] {
    guard bins > 0 else { return [] }
    var result = Array(repeating: (jobs: [String](), load: 0.0), count: bins)
    for component in components {
      var target = 0
      for i in result.indices where result[i].load < result[target].load - 1e-9 { target = i }
      result[target].jobs += component.jobs
      result[target].load += component.load
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
