import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// `gantry ci matrix` / `gantry build --shard`: the partition of a plan into shards (docs/ci.md#shards).
@Suite struct ShardPlannerTests {
  /// A plan over `deps` (job → its dependencies), in a valid order, as the planner would make it.
  static func plan(_ deps: [String: [String]]) -> Plan {
    let ids = deps.keys.sorted()
    let order = (try? GraphAlgorithms.topologicalOrder(ids, dependencies: { deps[$0] ?? [] }).get()) ?? ids
    let jobs = order.map { id in
      Job(
        id: id, service: id, platforms: [], deps: (deps[id] ?? []).sorted(), argv: ["docker", "build", id], env: [:],
        tags: ["registry.test/\(id):1"])
    }
    let levels = GraphAlgorithms.levels(order: order, dependencies: { deps[$0] ?? [] }).map { $0.sorted() }
    return Plan(root: "/repo", backend: .docker, jobs: jobs, levels: levels, criticalPath: [], warnings: [])
  }

  /// A shared base, services on it, and a few that stand alone: the shape of most monorepos.
  static let monorepo: [String: [String]] = [
    "base": [], "api": ["base"], "web": ["base"], "worker": ["base"], "auth": ["base", "api"],
    "cli": [], "docs": [], "ml": ["base"],
  ]

  /// Every job in exactly one shard, and every dependency in the same shard or an earlier wave.
  static func checkSound(_ partition: ShardPartition, _ plan: Plan) {
    let shardOf = partition.shardOfJob
    #expect(partition.shards.flatMap(\.jobs).sorted() == plan.jobs.map(\.id).sorted())
    for job in plan.jobs {
      let mine = partition.shards[shardOf[job.id]! - 1]
      for dep in job.deps {
        let theirs = partition.shards[shardOf[dep]! - 1]
        #expect(theirs.index == mine.index || theirs.wave < mine.wave, "\(job.id) needs \(dep)")
        if theirs.index != mine.index {
          #expect(mine.upstream.contains(dep))
          #expect(mine.upstreamImages.contains("registry.test/\(dep):1"))
        }
      }
    }
    // Shards are numbered wave by wave: running 1…N in order is a valid build order.
    #expect(partition.shards.filter { !$0.jobs.isEmpty }.map(\.wave) == partition.nonEmpty.map(\.wave).sorted())
  }

  @Test func independentJobsAreSpreadEvenly() throws {
    let plan = Self.plan(["a": [], "b": [], "c": [], "d": [], "e": [], "f": []])
    let history = ["a": 30.0, "b": 30, "c": 20, "d": 20, "e": 10, "f": 10]
    let partition = try ShardPlanner.partition(plan, count: .exactly(3), history: history)
    #expect(partition.waves == 1)
    #expect(partition.shards.map(\.expectedSeconds) == [40, 40, 40])
    #expect(partition.expectedSeconds == 40)
    Self.checkSound(partition, plan)
  }

  /// The base is quick, the services on it slow: the weights of a typical monorepo's history.
  static let monorepoHistory = ["base": 30.0, "api": 120, "web": 120, "worker": 120, "auth": 120, "ml": 120]

  @Test func aSharedBaseGetsAWaveOfItsOwnSoItsDependentsSpread() throws {
    let plan = Self.plan(Self.monorepo)
    let partition = try ShardPlanner.partition(plan, count: .exactly(3), history: Self.monorepoHistory)
    Self.checkSound(partition, plan)
    #expect(partition.waves == 2)
    #expect(partition.nonEmpty.count == 3)
    let first = try #require(partition.shards.first)
    #expect(first.wave == 1 && first.jobs.contains("base"))
    // No shard builds the base again: it is one job in one shard.
    #expect(partition.shards.filter { $0.jobs.contains("base") }.count == 1)
    #expect(partition.expectedSeconds < partition.totalSeconds)
    #expect(partition.expectedSeconds >= partition.criticalPathSeconds)
    // One wave would put the base and all five services on one runner (630s).
    let oneWave = try ShardPlanner.partition(plan, count: .exactly(3), maxWaves: 1, history: Self.monorepoHistory)
    #expect(partition.expectedSeconds < oneWave.expectedSeconds)
  }

  @Test func withOneWaveConnectedJobsStayTogether() throws {
    let plan = Self.plan(Self.monorepo)
    let partition = try ShardPlanner.partition(plan, count: .exactly(3), maxWaves: 1)
    Self.checkSound(partition, plan)
    #expect(partition.waves == 1)
    #expect(partition.nonEmpty.allSatisfy { $0.upstream.isEmpty })
    let withBase = try #require(partition.shards.first { $0.jobs.contains("base") })
    #expect(Set(withBase.jobs).isSuperset(of: ["api", "web", "worker", "auth", "ml"]))
  }

  @Test func wavesMayCutAfterAnyLevel() throws {
    // Two families (a base and two services on it) joined by one service on both: cutting after
    // the families (level 1) lets each family be a shard; cutting after the bases would not.
    let plan = Self.plan([
      "x": [], "y": [], "x1": ["x"], "x2": ["x"], "y1": ["y"], "y2": ["y"], "z": ["x1", "y1"],
    ])
    let partition = try ShardPlanner.partition(plan, count: .exactly(3))
    Self.checkSound(partition, plan)
    #expect(partition.expectedSeconds == 240)
    #expect(Set(partition.shards[0].jobs + partition.shards[1].jobs) == ["x", "x1", "x2", "y", "y1", "y2"])
    #expect(partition.shards[2].jobs == ["z"] && partition.shards[2].wave == 2)
  }

  @Test func cutChoicesAreEveryGroupingOfConsecutiveLevels() {
    #expect(ShardPlanner.cutChoices(levels: 4, waves: 3) == [[1, 2], [1, 3], [2, 3]])
    #expect(ShardPlanner.cutChoices(levels: 3, waves: 1) == [[]])
    #expect(ShardPlanner.cutChoices(levels: 2, waves: 2) == [[1]])
    // Too many groupings: a bounded number, the usual ones among them.
    let many = ShardPlanner.cutChoices(levels: 60, waves: 4)
    #expect(many.count <= ShardPlanner.maxCutChoices + 2)
    #expect(many.contains([1, 2, 3]) && many.contains([57, 58, 59]))
  }

  @Test func withoutHistoryABuildCountsOneMinute() throws {
    let plan = Self.plan(["a": [], "b": []])
    let partition = try ShardPlanner.partition(plan, count: .exactly(1))
    #expect(partition.totalSeconds == 2 * ShardPlanner.defaultBuildSeconds)
    let timed = try ShardPlanner.partition(plan, count: .exactly(1), history: ["a": 7])
    #expect(timed.totalSeconds == 7 + ShardPlanner.defaultBuildSeconds)
  }

  @Test func thePartitionIsTheSameWhateverTheInputOrder() throws {
    let plan = Self.plan(Self.monorepo)
    var reversed = plan
    reversed.jobs.reverse()
    reversed.jobs = reversed.jobs.sorted { plan.order.firstIndex(of: $0.id)! < plan.order.firstIndex(of: $1.id)! }
    let a = try ShardPlanner.partition(plan, count: .exactly(4))
    let b = try ShardPlanner.partition(reversed, count: .exactly(4))
    #expect(a == b)
    let c = try ShardPlanner.partition(plan, count: .exactly(3))
    #expect(a.id != c.id)
  }

  @Test func randomGraphsAreAlwaysSound() throws {
    var generator = SplitMix(seed: 11)
    for _ in 0..<40 {
      let count = Int.random(in: 1...30, using: &generator)
      var deps: [String: [String]] = [:]
      let names = (0..<count).map { "j\($0)" }
      for (i, name) in names.enumerated() {
        deps[name] = names[..<i].filter { _ in Int.random(in: 0..<10, using: &generator) == 0 }
      }
      let plan = Self.plan(deps)
      let history = Dictionary(
        uniqueKeysWithValues: names.map { ($0, Double(Int.random(in: 1...300, using: &generator))) })
      let shards = Int.random(in: 1...count, using: &generator)
      let partition = try ShardPlanner.partition(plan, count: .exactly(shards), history: history)
      #expect(partition.shards.count == shards)
      Self.checkSound(partition, plan)
      #expect(partition.expectedSeconds + 1e-9 >= partition.criticalPathSeconds)
    }
  }

  @Test func maxShardsStopsWhereMoreShardsNoLongerHelp() throws {
    // A chain cannot run in parallel: one shard is as fast as any number.
    let chain = Self.plan(["a": [], "b": ["a"], "c": ["b"], "d": ["c"]])
    #expect(try ShardPlanner.partition(chain, count: .atMost(4)).nonEmpty.count == 1)
    let wide = Self.plan(["a": [], "b": [], "c": [], "d": []])
    let partition = try ShardPlanner.partition(wide, count: .atMost(8))
    #expect(partition.count == 4 && partition.nonEmpty.count == 4)
  }

  @Test func moreShardsThanJobsIsAnError() {
    let plan = Self.plan(["a": [], "b": []])
    #expect(throws: ShardPlanner.PartitionError.tooManyShards(requested: 3, jobs: 2)) {
      try ShardPlanner.partition(plan, count: .exactly(3))
    }
  }

  @Test(arguments: ["0/3", "4/3", "a/b", "3", "1/0", "-1/3", "1/3/4", ""])
  func badShardSpecsAreRefused(text: String) {
    #expect(throws: Diagnostic.self) { try ShardSpec(parsing: text) }
  }

  @Test func aShardSpecIsKOfN() throws {
    #expect(try ShardSpec(parsing: "2/3") == ShardSpec(index: 2, count: 3))
  }

  @Test func aShardsPlanHasOnlyItsJobsAndNoDependencyOnOtherShards() throws {
    let plan = Self.plan(Self.monorepo)
    let partition = try ShardPlanner.partition(plan, count: .exactly(3))
    for shard in partition.nonEmpty {
      let restricted = plan.restricted(to: shard)
      #expect(restricted.jobs.map(\.id) == shard.jobs)
      #expect(restricted.jobs.allSatisfy { Set($0.deps).isSubset(of: shard.jobs) })
      #expect(Set(restricted.levels.joined()) == Set(shard.jobs))
    }
  }

  @Test func theGitHubMatrixIsWhatFromJSONAccepts() throws {
    let partition = try ShardPlanner.partition(
      Self.plan(Self.monorepo), count: .exactly(3), history: Self.monorepoHistory)
    let text = try MatrixRenderer.render(partition, format: .github)
    #expect(text.split(separator: "\n").count == 1)  // one line, for $GITHUB_OUTPUT
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(Array(object.keys) == ["include"])
    let include = try #require(object["include"] as? [[String: Any]])
    #expect(include.count == 3)
    for (i, entry) in include.enumerated() {
      #expect(entry["shard"] as? String == "\(i + 1)/3")
      #expect((entry["services"] as? [String])?.isEmpty == false)
      #expect(entry["expected_seconds"] is NSNumber)
    }
    let wave2 = try MatrixRenderer.render(partition, format: .github, wave: 2)
    let entries = try #require(
      (try JSONSerialization.jsonObject(with: Data(wave2.utf8)) as? [String: Any])?["include"] as? [[String: Any]])
    #expect(entries.allSatisfy { $0["wave"] as? Int == 2 })
  }
}

/// A small deterministic generator, so random graphs are the same on every run.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
