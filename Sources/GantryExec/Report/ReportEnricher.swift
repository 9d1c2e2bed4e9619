import Foundation
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
  /// Each job's context folder, absolute, by job id; jobs without one get no `context_files`.
  public var contexts: [String: String]
  /// Image inspections in flight at most.
  public var concurrency: Int
  public var inspector: ImageInspector

  public init(
    plan: Plan, environment: [String: String], outputDirectory: String, previouslyBuilt: Set<String> = [],
    contexts: [String: String] = [:], concurrency: Int = 4, inspector: ImageInspector = ImageInspector()
  ) {
    self.plan = plan
    self.environment = environment
    self.outputDirectory = outputDirectory
    self.previouslyBuilt = previouslyBuilt
    self.contexts = contexts
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
      if job.startedAt != nil { job.reason = previouslyBuilt.contains(job.id) ? "forced" : "not built before" }
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

  /// Measures every job that started, `concurrency` at a time.
  func measure(_ report: RunReport) async -> [String: Measurement] {
    let started = report.jobs.filter { $0.startedAt != nil }
    let interrupted = report.run.status == .interrupted
    let folders = Set(started.compactMap { contexts[$0.id] })
    // Shared contexts are counted once; skipped after Ctrl-C, when nobody wants to wait.
    let counts = interrupted ? [:] : await Self.fileCounts(folders)
    return await withTaskGroup(of: (String, Measurement).self) { group in
      var pending = started[...]
      var results: [String: Measurement] = [:]
      for _ in 0..<concurrency {
        guard let job = pending.popFirst() else { break }
        group.addTask { (job.id, await measure(job, interrupted: interrupted)) }
      }
      for await (id, measurement) in group {
        var measurement = measurement
        measurement.contextFiles = contexts[id].flatMap { counts[$0] }
        results[id] = measurement
        if let job = pending.popFirst() {
          group.addTask { (job.id, await measure(job, interrupted: interrupted)) }
        }
      }
      return results
    }
  }

  /// The files each context folder sends, counted side by side.
  static func fileCounts(_ folders: Set<String>) async -> [String: Int] {
    await withTaskGroup(of: (String, Int?).self) { group in
      for folder in folders { group.addTask { (folder, ContextMeasure.fileCount(folder)) } }
      var counts: [String: Int] = [:]
      for await (folder, count) in group { counts[folder] = count }
      return counts
    }
  }

  func measure(_ report: JobReport, interrupted: Bool) async -> Measurement {
    var measurement = Measurement()
    if let path = report.logPath, let text = try? String(contentsOfFile: path, encoding: .utf8) {
      measurement.progress = BuildKitProgress.parse(log: text)
    }
    guard report.status == .built else { return measurement }
    measurement.digest = digest(for: report.id)
    // Only images in an engine's store: not the command backend's (podman, kaniko…), not
    // multi-platform or push-only images, not manifest lists.
    guard !interrupted, plan.backend != .command, report.platforms.count <= 1, let job = plan.job(report.id),
      job.kind == .build, job.loads, let client = job.argv.first
    else { return measurement }
    for image in [report.imageId, report.tags.first].compactMap({ $0 }) where measurement.size == nil {
      let (argv, environment) = inspection(of: image, client: client, job: job, builder: report.builder)
      measurement.size = await inspector.size(argv: argv, environment: environment, directory: plan.root)
    }
    return measurement
  }

  /// `image inspect` aimed at the store of the builder the job ran on, in the job's environment.
  func inspection(of image: String, client: String, job: Job, builder name: String?) -> ([String], [String: String]) {
    var environment = environment.merging(job.env) { _, new in new }
    // The job's own DOCKER_HOST belongs to the builder it was planned for; the builder's command says where to look.
    environment["DOCKER_HOST"] = self.environment["DOCKER_HOST"]
    let arguments = ["image", "inspect", "--format", "{{.Size}}", image]
    guard let builder = plan.builder(name ?? job.builder) else { return ([client] + arguments, environment) }
    let command = builder.clientCommand(client: client, arguments)
    return (command.argv, environment.merging(command.env) { _, new in new })
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
