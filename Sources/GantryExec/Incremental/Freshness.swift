import Foundation
import GantryCore
import GantryInputs
import GantryPlan

/// Whether each job of a plan has to run (docs/incremental.md).
///
/// A job is up to date when its image exists, in the engine it loads into or in the registry it
/// is pushed to, carrying the label `dev.gantry.inputs` with exactly the digest of the job's
/// inputs now. The label travels with the image, so the answer holds on a fresh CI runner whose
/// engine is empty, and after `.gantry/` is deleted. The record of the last build only supplies
/// the words of the reason.
public struct Freshness: Sendable {
  public enum State: String, Sendable, Codable {
    /// Nothing to do: the image was built from these inputs.
    case upToDate = "up_to_date"
    /// The inputs changed since the image was built, or it was never built.
    case stale
    /// The inputs are those of the last build, but the image is gone.
    case missing
  }

  /// The verdict on one job.
  public struct Verdict: Sendable, Hashable {
    public var state: State
    public var reason: String
    public var digest: String
  }

  public var plan: Plan
  public var client: String
  public var environment: [String: String]
  public var engine: EngineImages
  public var registry: RegistryProbe

  public init(
    plan: Plan, client: String, environment: [String: String], engine: EngineImages = EngineImages(),
    registry: RegistryProbe = RegistryProbe()
  ) {
    self.plan = plan
    self.client = client
    self.environment = environment
    self.engine = engine
    self.registry = registry
  }

  /// The verdict on every job, and the warnings worth printing once (a registry that could not
  /// be asked).
  /// - Parameters:
  ///   - resolved: every job's inputs (`InputResolver.resolveAll`).
  ///   - records: the last successful build of each job (`InputState.load`), for the reasons.
  ///   - force: build everything (`--force`).
  public func verdicts(
    resolved: [String: InputResolver.Resolved], records: [String: InputRecord], force: Bool
  ) async -> (verdicts: [String: Verdict], warnings: [String]) {
    var verdicts: [String: Verdict] = [:]
    var warnings: [String] = []
    let local = force ? [:] : await localImages()
    for job in plan.jobs {
      guard let inputs = resolved[job.id] else { continue }
      let digest = inputs.digest
      let current = InputRecord(inputs.inputs, digest: digest)
      let previous = records[job.id]
      let changed = previous.map { $0.difference(to: current) } ?? "not built before"
      func verdict(_ state: State, _ reason: String) -> Verdict { Verdict(state: state, reason: reason, digest: digest) }
      if force {
        verdicts[job.id] = verdict(.stale, "forced")
        continue
      }
      let upstreamReady = job.deps.allSatisfy { verdicts[$0]?.state == .upToDate }
      switch job.kind {
      case .manifest:
        // A manifest list is up to date when its platforms are and it was last made from them.
        let same = previous?.digest == digest
        verdicts[job.id] =
          upstreamReady && same ? verdict(.upToDate, "up to date") : verdict(.stale, same ? "a platform is rebuilt" : changed)
        continue
      case .build:
        break
      }
      if plan.backend == .command {
        // A command template's images are not asked about: the record of its last success decides.
        verdicts[job.id] = previous?.digest == digest ? verdict(.upToDate, "up to date") : verdict(.stale, changed)
        continue
      }
      guard let tag = job.tags.first else {
        verdicts[job.id] = verdict(.stale, "no tag to find its image by")
        continue
      }
      if job.loads, let found = local[job.id] {
        if found.inputs == digest {
          verdicts[job.id] = verdict(.upToDate, "up to date")
        } else {
          verdicts[job.id] = verdict(.stale, found.inputs == nil && previous == nil ? "not built by gantry before" : changed)
        }
        continue
      }
      // Not in the engine (or pushed, not loaded): the registry may hold it.
      if let reference = ImageReference(tag), reference.registry != "docker.io" {
        switch await registry.inputs(of: reference, platform: job.platforms.count == 1 ? job.platforms[0].description : nil) {
        case .found(let label) where label == digest:
          verdicts[job.id] = verdict(.upToDate, "up to date in \(reference.registry)")
          continue
        case .found:
          verdicts[job.id] = verdict(.stale, changed)
          continue
        case .missing:
          break
        case .unknown(let why):
          warnings.append("could not ask \(reference.registry) whether \(tag) is up to date (\(why)); building it")
        }
      }
      verdicts[job.id] = previous?.digest == digest ? verdict(.missing, "image \(tag) is gone") : verdict(.stale, changed)
    }
    return (verdicts, Array(Set(warnings)).sorted())
  }

  /// Everything `gantry build` and `gantry status` need to know before anything runs: each job's
  /// inputs (read with the ignore rules of the client that will send them, through the stat cache
  /// in `.gantry/stat-cache`) and the verdict on it.
  public struct Assessment: Sendable {
    public var resolved: [String: InputResolver.Resolved]
    public var verdicts: [String: Verdict]
    public var warnings: [String]
    /// Whose ignore rules the contexts were read with.
    public var dialect: IgnoreDialect
  }

  /// - Parameter inputsPlan: the plan to read the inputs in (upstream digests included) when
  ///   `plan` is a part of it (a shard); the verdicts are on `plan`'s jobs.
  public static func assess(
    _ plan: Plan, inputsPlan: Plan? = nil, client: String, environment: [String: String], stateDirectory: String,
    force: Bool, pull: Bool = false,
    processes: ProcessRunner = ProcessRunner(grace: .seconds(1))
  ) async throws -> Assessment {
    let dialect: IgnoreDialect =
      plan.backend == .docker ? await ClientDialect.detect(client: client, environment: environment) : .moby
    let whole = inputsPlan ?? plan
    let bases = await OnbuildCheck(plan: whole, client: client, environment: environment, processes: processes)
      .baseImages(pull: pull)
    var resolver = InputResolver(
      plan: whole, dialect: dialect, cache: StatCache(folder: stateDirectory + "/stat-cache"),
      basesWithoutTriggers: bases.withoutTriggers, baseImageIDs: bases.ids)
    var resolved: [String: InputResolver.Resolved] = [:]
    for job in plan.jobs { resolved[job.id] = try resolver.resolve(job.id) }
    let freshness = Freshness(
      plan: plan, client: client, environment: environment, engine: EngineImages(processes: processes))
    let (verdicts, warnings) = await freshness.verdicts(
      resolved: resolved, records: InputState(stateDirectory: stateDirectory).load(), force: force)
    return Assessment(resolved: resolved, verdicts: verdicts, warnings: warnings, dialect: dialect)
  }

  /// The images of loading jobs found in their builders' engines: one inspection per engine.
  func localImages() async -> [String: EngineImages.Found] {
    var byStore: [String: (builder: PlannedBuilder, jobs: [Job])] = [:]
    for job in plan.jobs where job.kind == .build && job.loads && !job.tags.isEmpty {
      guard let builder = plan.builder(job.builder) else { continue }
      byStore[builder.imageStore, default: (builder, [])].jobs.append(job)
    }
    var found: [String: EngineImages.Found] = [:]
    for (_, entry) in byStore {
      let (argv, env) = entry.builder.clientCommand(client: client, [])
      let tags = entry.jobs.compactMap(\.tags.first)
      guard
        let images = await engine.lookup(
          tags, command: PipelineCommand(argv: argv, env: env), environment: environment, directory: plan.root)
      else { continue }
      for job in entry.jobs { if let tag = job.tags.first, let image = images[tag] { found[job.id] = image } }
    }
    return found
  }
}
