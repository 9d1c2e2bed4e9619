import ArgumentParser
import Foundation
import GantryCore
import GantryLoad
import GantryPlan
import GantryReport

extension MatrixRenderer.Format: ExpressibleByArgument {}

/// `gantry ci …`: what a CI system needs to run gantry across several machines.
struct CICommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ci", abstract: "Plan CI work: split the build into shards for a CI matrix.",
    subcommands: [CIMatrixCommand.self])
}

/// `gantry ci matrix`: the selected jobs split into shards balanced by expected duration.
struct CIMatrixCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matrix",
    abstract: "Split the jobs into shards balanced by expected duration, as a CI matrix.",
    discussion: """
      Jobs are cut into dependency waves; within a wave, jobs that depend on
      each other stay in one shard, and shards are balanced by the expected
      durations of earlier runs (.gantry/history.jsonl; 60s a build without
      history). A shard needs only images built by earlier waves, which come
      from the registry. Run shard K with 'gantry build --shard K/N', with the
      same services and options. Docs: docs/ci.md.

      Examples:
        gantry ci matrix --shards 4 --format github
        gantry ci matrix --max-shards 8 --max-waves 2 --wave 1 --format github
        gantry ci matrix --shards 3 --format gitlab > shards.yml
        gantry ci matrix --shards 3 --format json
      """)

  @OptionGroup(title: "Service definitions") var project: ProjectOptions

  @Argument(help: "Services to build (default: all); their dependencies are included.")
  var services: [String] = []

  @OptionGroup(title: "Shards") var shardOptions: ShardOptions

  @Option(help: "Only the shards of this wave (1-based), for a workflow that runs one matrix per wave.")
  var wave: UInt?

  @Option(help: "Output format: github, gitlab or json.")
  var format: MatrixRenderer.Format = .github

  @Option(help: "buildx, docker or command, as the shards will build (default: the manifest's backend, else buildx).")
  var backend: Backend?

  @OptionGroup(title: "Platforms") var platformOptions: PlatformOptions

  func validate() throws {
    if wave == 0 { throw ValidationError("--wave must be at least 1") }
  }

  func run() async throws {
    let loaded = try project.loadProject()
    let plan = try Planner().plan(
      loaded,
      options: PlanOptions(
        backend: BackendChoice.planned(flag: backend, project: loaded), selection: services,
        multiArch: platformOptions.options))
    for warning in plan.warnings { Terminal.printError(warning.description) }
    let history = ReportStore(root: loaded.root).expectedDurations()
    let partition = try shardOptions.partition(plan, history: history)
    Terminal.write(try MatrixRenderer.render(partition, format: format, wave: wave.map { Int($0) }))
  }
}

/// `--shards N | --max-shards N` and `--max-waves W`: the same for `ci matrix` and `build --shard`.
struct ShardOptions: ParsableArguments {
  @Option(help: "Exactly this many shards (some stay empty when the graph cannot use them).")
  var shards: UInt?

  @Option(help: "At most this many shards: the fewest within 10% of the best expected time (default 4).")
  var maxShards: UInt?

  @Option(help: "At most this many waves run one after another (default: as many as shorten the build).")
  var maxWaves: UInt?

  func validate() throws {
    if shards != nil, maxShards != nil { throw ValidationError("give --shards or --max-shards, not both") }
    if shards == 0 || maxShards == 0 { throw ValidationError("the number of shards must be at least 1") }
    if maxWaves == 0 { throw ValidationError("--max-waves must be at least 1") }
  }

  var count: ShardPlanner.Count {
    if let shards { return .exactly(Int(shards)) }
    return .atMost(Int(maxShards ?? 4))
  }

  func partition(_ plan: Plan, history: [String: Double]) throws -> ShardPartition {
    try ShardPlanner.partition(plan, count: count, maxWaves: maxWaves.map { Int($0) }, history: history)
  }
}
