import Foundation
import GantryReport
import GantryCore
import GantryInputs
import GantryPlan

/// Completes a run's report with what is measured after the builds: cache figures and context
/// bytes from each log, image sizes from the engine, digests from buildx metadata, context file
/// counts, why each job ran, the timing analysis and the repository's commit.
public struct ReportEnricher: Sendable {
  public var plan: Plan
  /// gantry's environment; each job's own `env` is laid over it, as for its build.
  public var environment: [String: String]
  /// Where the builds wrote `--iidfile` and `--metadata-file` (`<report-dir>/iid`).
  public var outputDirectory: String
  /// Jobs the history has a build of (`ReportStore.previouslyBuilt()`).
  public var previouslyBuilt: Set<String>
  /// Image inspections in flight at most.
  public var concurrency: Int
  public var inspector: ImageInspector
  /// Whose ignore rules the context counts follow (the client that sent the contexts).
  public var dialect: IgnoreDialect = .moby

  public init(
    plan: Plan, environment: [String: String], outputDirectory: String, previouslyBuilt: Set<String> = [],
    concurrency: Int = 4, inspector: ImageInspector = ImageInspector()
  ) {
    self.plan = plan
    self.environment = environment
    self.outputDirectory = outputDirectory
    self.previouslyBuilt = previouslyBuilt
    self.concurrency = max(1, concurrency)
    self.inspector = inspector
  }

  /// What is measured for one job, apart from what its report already says.
  struct Measurement: Sendable {
    var progress: BuildKitProgress?
    var digest: String?
    var size: Int64?
    var contextFiles: Int?
  }

  public func enrich(_ report: RunReport) async -> RunReport {
    var report = report
    let measurements = await measure(report)
    var cached = 0
    var total = 0
    for index in report.jobs.indices {
      var job = report.jobs[index]
      let planned = plan.job(job.id)
      job.builder = job.builder ?? planned?.builder ?? PlannedBuilder.defaultName
      job.emulated = job.emulated ?? planned?.emulated ?? false
      if job.startedAt != nil, job.reason == nil {
        job.reason = previouslyBuilt.contains(job.id) ? "forced" : "not built before"
      }
      if let measurement = measurements[job.id] {
        if let progress = measurement.progress, progress.totalSteps > 0 {
          job.cachedSteps = progress.cachedSteps
          job.totalSteps = progress.totalSteps
          job.cacheHitRatio = progress.cacheHitRatio.map(Self.ratio)
          cached += progress.cachedSteps
          total += progress.totalSteps
        }
        job.contextBytes = measurement.progress?.contextBytes
        job.imageDigest = measurement.digest
        job.imageSizeBytes = measurement.size
        job.contextFiles = measurement.contextFiles
      }
      report.jobs[index] = job
    }
    if total > 0 {
      report.run.cachedSteps = cached
      report.run.totalSteps = total
      report.run.cacheHitRatio = Self.ratio(Double(cached) / Double(total))
    }
    RunAnalysis.apply(to: &report)
    report.run.gitCommit = GitCommit.current(in: plan.root)
    return report
  }

  /// Measures every job that started: logs `concurrency` at a time, then image sizes.
  func measure(_ report: RunReport) async -> [String: Measurement] {
    let started = report.jobs.filter { $0.startedAt != nil }
    let interrupted = report.run.status == .interrupted
    // Each job's context and Dockerfile come from the plan; jobs without them get no `context_files`.
    let contexts = plan.jobs.reduce(into: [String: ContextKey]()) { keys, job in
      keys[job.id] = job.source.map { ContextKey(folder: $0.context, dockerfile: $0.dockerfile) }
    }
    let folders = Set(started.compactMap { contexts[$0.id] })
    // Shared contexts are counted once; skipped after Ctrl-C, when nobody wants to wait.
    let counts = interrupted ? [:] : await Self.fileCounts(folders, dialect: dialect)
    var results: [String: Measurement] = [:]
    for (job, measured) in zip(started, await concurrentMap(started, limit: concurrency, measure)) {
      var measurement = measured
      measurement.contextFiles = contexts[job.id].flatMap { counts[$0] }
      results[job.id] = measurement
    }
    if !interrupted {
      for (id, size) in await imageSizes(started) { results[id]?.size = size }
    }
    return results
  }

  /// A context folder with the Dockerfile whose ignore file may apply to it.
  struct ContextKey: Hashable, Sendable {
    var folder: String
    var dockerfile: String?
  }

  /// The files each context sends, with the client's ignore rules, counted side by side.
  static func fileCounts(_ folders: Set<ContextKey>, dialect: IgnoreDialect) async -> [ContextKey: Int] {
    await withTaskGroup(of: (ContextKey, Int?).self) { group in
      for folder in folders {
        group.addTask {
          (folder, ContextCount.files(context: folder.folder, dockerfile: folder.dockerfile, dialect: dialect))
        }
      }
      var counts: [ContextKey: Int] = [:]
      for await (folder, count) in group { counts[folder] = count }
      return counts
    }
  }

  /// What the job's log and metadata file say.
  func measure(_ report: JobReport) -> Measurement {
    var measurement = Measurement()
    if let path = report.logPath, let text = try? String(contentsOfFile: path, encoding: .utf8) {
      measurement.progress = BuildKitProgress.parse(log: text)
    }
    if report.status == .built { measurement.digest = digest(for: report.id) }
    return measurement
  }

  /// One image to size: the job, and the image id and tag to ask for, in that order of preference.
  struct Inspection: Sendable {
    var jobID: String
    var images: [String]
  }

  /// Where an inspection goes: the client command up to the image names, and its environment.
  struct InspectionTarget: Hashable, Sendable {
    var argv: [String]
    var environment: [String: String]
  }

  /// Images sent per `image inspect`: one process for many images, but a bounded command line.
  static let imagesPerInspection = 200

  /// Sizes of the built images in an engine's store, by job id: one `image inspect` per engine
  /// (and per `imagesPerInspection` images) rather than one per image; when a batch fails (an image
  /// is gone), its images are asked one by one. Left out: the command backend's images (podman,
  /// kaniko…), multi-platform or push-only images, manifest lists.
  func imageSizes(_ reports: [JobReport]) async -> [String: Int64] {
    var batches: [(target: InspectionTarget, members: [Inspection])] = []
    var batchOfTarget: [InspectionTarget: Int] = [:]
    for report in reports {
      guard report.status == .built, plan.backend != .command, report.platforms.count <= 1,
        let job = plan.job(report.id), job.kind == .build, job.loads, case let client = job.invocation.client
      else { continue }
      let images = [report.imageId, report.tags.first].compactMap { $0 }
      guard !images.isEmpty else { continue }
      let target = inspectionTarget(client: client, job: job, builder: report.builder)
      if let index = batchOfTarget[target], batches[index].members.count < Self.imagesPerInspection {
        batches[index].members.append(Inspection(jobID: report.id, images: images))
      } else {
        batchOfTarget[target] = batches.count
        batches.append((target, [Inspection(jobID: report.id, images: images)]))
      }
    }
    let inspector = self.inspector
    let root = plan.root
    let found = await concurrentMap(batches, limit: concurrency) { batch in
      await Self.sizes(of: batch.members, at: batch.target, inspector: inspector, directory: root)
    }
    return found.reduce(into: [:]) { sizes, batch in sizes.merge(batch) { first, _ in first } }
  }

  static func sizes(
    of members: [Inspection], at target: InspectionTarget, inspector: ImageInspector, directory: String
  ) async -> [String: Int64] {
    let arguments = ["image", "inspect", "--format", "{{.Size}}"]
    let first = members.map { $0.images[0] }
    if let sizes = await inspector.sizes(
      argv: target.argv + arguments + first, environment: target.environment, directory: directory),
      sizes.count == members.count
    {
      return Dictionary(uniqueKeysWithValues: zip(members.map(\.jobID), sizes))
    }
    var found: [String: Int64] = [:]
    for member in members {
      for image in member.images where found[member.jobID] == nil {
        found[member.jobID] = await inspector.sizes(
          argv: target.argv + arguments + [image], environment: target.environment, directory: directory)?.first
      }
    }
    return found
  }

  /// The client command aimed at the store of the builder the job ran on, in the job's environment.
  func inspectionTarget(client: String, job: Job, builder name: String?) -> InspectionTarget {
    var environment = environment.merging(job.env) { _, new in new }
    // The job's own DOCKER_HOST belongs to the builder it was planned for; the builder's command says where to look.
    environment["DOCKER_HOST"] = self.environment["DOCKER_HOST"]
    guard let builder = plan.builder(name ?? job.builder) else {
      return InspectionTarget(argv: [client], environment: environment)
    }
    let command = builder.clientCommand(client: client, [])
    return InspectionTarget(argv: command.argv, environment: environment.merging(command.env) { _, new in new })
  }

  /// `containerimage.digest` from the job's buildx metadata file, when it wrote one.
  func digest(for jobID: String) -> String? {
    let path = ArgvBuilder.metadataFile(for: jobID, in: outputDirectory)
    guard let data = FileManager.default.contents(atPath: path),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let digest = object["containerimage.digest"] as? String, digest.hasPrefix("sha256:")
    else { return nil }
    return digest
  }

  static func ratio(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
}
