import ArgumentParser
import Foundation
import GantryCore
import GantryExec
import GantryPlan
import GantryReport

/// `gantry build --shard K/N`: build one shard of the partition `gantry ci matrix` prints.
struct ShardBuildOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Build only shard K of N (as 'gantry ci matrix --shards N' lists them); images of other shards come from the registry.",
      valueName: "K/N"))
  var shard: String?

  @Option(help: "With --shard: the --max-waves the matrix was made with.")
  var maxWaves: UInt?

  @Option(
    help: ArgumentHelp(
      "With --shard: stop (exit 2) unless the partition is this one (the matrix's 'partition').", valueName: "id"))
  var partitionId: String?

  @Flag(
    help:
      "With --shard: push every image the shard builds with 'docker push', not only those later shards read (with buildx, --push pushes as it builds)."
  )
  var pushAll = false

  func validate() throws {
    if shard == nil, maxWaves != nil || partitionId != nil || pushAll {
      throw ValidationError("--max-waves, --partition-id and --push-all go with --shard K/N")
    }
    if maxWaves == 0 { throw ValidationError("--max-waves must be at least 1") }
  }

  /// The shard to build, or nil without `--shard`. Bad specs, too many shards and another partition
  /// than the matrix's are errors (exit 2) before anything runs.
  /// - Parameter plan: plans the whole selection with the history's durations (called only with `--shard`).
  func sharding(history: [String: Double], plan makePlan: () throws -> Plan) throws -> Sharding? {
    guard let shard else { return nil }
    let spec = try ShardSpec(parsing: shard)
    let plan = try makePlan()
    let partition = try ShardPlanner.partition(
      plan, count: .exactly(spec.count), maxWaves: maxWaves.map { Int($0) }, history: history)
    if let partitionId, partitionId != partition.id {
      throw Diagnostic.error(
        "--shard \(spec): this checkout's partition is \(partition.id), not \(partitionId)", at: nil,
        hint:
          "run the shards with the services, --backend, --platform, --max-waves and history (.gantry/history.jsonl) the matrix was made with"
      )
    }
    return Sharding(spec: spec, partition: partition, pushAll: pushAll)
  }
}

/// One shard of a partition, and what building it involves besides the builds.
struct Sharding {
  var spec: ShardSpec
  var partition: ShardPartition
  /// Push every loaded image of the shard, not only the hand-off ones.
  var pushAll = false

  var shard: Shard { partition.shard(spec)! }

  var record: ShardRecord {
    ShardRecord(
      index: spec.index, count: spec.count, partition: partition.id, shards: partition.shards.map(\.jobs))
  }

  /// The shard's plan, after checking that `plan` still gives the same partition.
  func restrict(_ plan: Plan, history: [String: Double]) throws -> Plan {
    let again = try ShardPlanner.partition(
      plan, count: .exactly(spec.count), maxWaves: partition.waves, history: history)
    guard again.id == partition.id else {
      throw Diagnostic.error(
        "the partition changed while the run started (the history was written meanwhile)", at: nil,
        hint: "run gantry build --shard \(spec) again")
    }
    return plan.restricted(to: shard)
  }

  /// Jobs of this shard whose images later shards read (every job, with `--push-all`) and that are
  /// not pushed already.
  func handoffJobs(in plan: Plan) -> [Job] {
    let needed = Set(partition.shards.flatMap(\.upstream))
    return plan.jobs.filter { (pushAll || needed.contains($0.id)) && $0.kind == .build && $0.loads }
  }

  /// `docker push TAG` for every tag of every hand-off job: the registry takes the images to the
  /// shards that need them. Returns the failures, one line each.
  /// - Parameter built: the jobs this run built; an up-to-date job's image is already where
  ///   later shards find it (it was found there, or the engine holds it and it was pushed before).
  func handOff(_ plan: Plan, built: Set<String>, client: String, environment: [String: String]) async -> [String] {
    var failures: [String] = []
    let runner = ProcessRunner(grace: .seconds(5))
    for job in handoffJobs(in: plan) where built.contains(job.id) {
      for tag in job.tags {
        Terminal.printError("pushing \(tag)")
        let result = await runner.capture(
          PipelineCommand(argv: [client, "push", tag], env: job.env), environment: environment, directory: plan.root,
          timeout: .seconds(1800))
        if !result.outcome.succeeded {
          let detail = result.standardError.split(separator: "\n").last.map(String.init) ?? "\(result.outcome.ending)"
          failures.append("could not push \(tag) (job \(job.id)): \(detail)")
        }
      }
    }
    return failures
  }
}
