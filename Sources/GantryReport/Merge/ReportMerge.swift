import Foundation
import GantryCore

/// `gantry report merge`: the reports of a partition's shards as one run (docs/ci.md#merging-the-reports).
///
/// Every input must be a shard report (`gantry build --shard`) of one partition and schema version.
/// A shard with no report is listed as missing and its jobs are in the merged report as skipped,
/// so the merged run never looks complete when it was not.
public enum ReportMerge {
  public enum MergeError: ReportableError, Equatable {
    case unreadable(folder: String, reason: String)
    case schemaVersion(folder: String, found: Int)
    case notAShard(folder: String)
    case differentPartitions(first: String, firstID: String, other: String, otherID: String)
    case duplicateShard(index: Int, folders: [String])
    case noReports
    case outputNotEmpty(String)

    public var diagnostics: [Diagnostic] {
      switch self {
      case .unreadable(let folder, let reason):
        [
          .error(
            "cannot read \(folder)/report.json: \(reason)", at: nil,
            hint: "give the report folders the shards wrote (--report-dir)")
        ]
      case .schemaVersion(let folder, let found):
        [
          .error(
            "\(folder)/report.json has schema version \(found); this gantry merges version \(RunReport.currentSchemaVersion)",
            at: nil, hint: "merge reports written by the same gantry version")
        ]
      case .notAShard(let folder):
        [
          .error(
            "\(folder)/report.json is not a shard's report", at: nil,
            hint: "only the reports of 'gantry build --shard K/N' runs can be merged")
        ]
      case .differentPartitions(let first, let firstID, let other, let otherID):
        [
          .error(
            "\(first) and \(other) are shards of different plans (partition \(firstID) and \(otherID))", at: nil,
            hint: "merge the shards of one 'gantry ci matrix' only")
        ]
      case .duplicateShard(let index, let folders):
        [
          .error(
            "shard \(index) is given twice: \(folders.joined(separator: " and "))", at: nil,
            hint: "give each shard's report folder once")
        ]
      case .noReports:
        [.error("no report folders given", at: nil, hint: "gantry report merge --output DIR SHARD-DIR…")]
      case .outputNotEmpty(let folder):
        [.error("\(folder) exists and is not empty", at: nil, hint: "remove it, or choose another --output folder")]
      }
    }
  }

  /// A shard's report and the folder it was read from.
  public struct Input: Sendable {
    public var folder: String
    public var report: RunReport

    public init(folder: String, report: RunReport) {
      self.folder = folder
      self.report = report
    }
  }

  /// Reads `folder/report.json` (or the file itself), checking the schema version first.
  public static func read(_ folder: String) throws(MergeError) -> Input {
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder)
    let path = exists && !isFolder.boolValue ? folder : folder + "/report.json"
    let display = exists && !isFolder.boolValue ? Paths.folder(of: folder) : folder
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(folder: display, reason: exists ? "no report.json in it" : "no such folder")
    }
    let version =
      (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["schema_version"] as? Int
    guard let version else { throw .unreadable(folder: display, reason: "not a gantry report") }
    guard version == RunReport.currentSchemaVersion else { throw .schemaVersion(folder: display, found: version) }
    do {
      return Input(folder: display, report: try ReportStore.decodeReport(data))
    } catch {
      throw .unreadable(folder: display, reason: "\(error)")
    }
  }

  /// The merged report. Checks that every input is a shard of one partition, each shard once.
  public static func merge(_ inputs: [Input], runID: String = ReportStore.newRunID()) throws(MergeError) -> RunReport {
    guard let first = inputs.first else { throw .noReports }
    guard let partition = first.report.run.shard else { throw .notAShard(folder: first.folder) }
    var byIndex: [Int: Input] = [:]
    for input in inputs {
      guard let shard = input.report.run.shard else { throw .notAShard(folder: input.folder) }
      guard shard.partition == partition.partition, shard.count == partition.count else {
        throw .differentPartitions(
          first: first.folder, firstID: partition.partition, other: input.folder, otherID: shard.partition)
      }
      if let earlier = byIndex[shard.index] {
        throw .duplicateShard(index: shard.index, folders: [earlier.folder, input.folder])
      }
      byIndex[shard.index] = input
    }
    var jobs: [JobReport] = []
    var shards: [MergedShard] = []
    for (offset, ids) in partition.shards.enumerated() {
      let index = offset + 1
      guard let input = byIndex[index] else {
        shards.append(MergedShard(index: index, status: .missing))
        jobs += ids.map { missingJob($0, shard: index, count: partition.count, from: inputs.map(\.report)) }
        continue
      }
      let run = input.report.run
      shards.append(
        MergedShard(index: index, status: .ran, runId: run.id, runStatus: run.status, wallSeconds: run.wallSeconds))
      jobs += input.report.jobs.map { job in
        var job = job
        job.shard = index
        return job
      }
    }
    let runs = inputs.map(\.report.run).sorted { $0.startedAt < $1.startedAt }
    let started = runs.map(\.startedAt).min() ?? Date()
    let finished = runs.map(\.finishedAt).max() ?? started
    let status: RunInfo.Status =
      runs.contains { $0.status == .interrupted }
      ? .interrupted
      : runs.contains { $0.status == .failed } || shards.contains { $0.status == .missing } ? .failed : .succeeded
    var run = RunInfo(
      id: runID, startedAt: started, finishedAt: finished,
      wallSeconds: RunAnalysis.rounded(finished.timeIntervalSince(started)), status: status,
      jobs: runs.map(\.jobs).max() ?? 1, keepGoing: runs.contains { $0.keepGoing }, backend: first.report.run.backend,
      gantryVersion: first.report.run.gantryVersion,
      totalJobSeconds: RunAnalysis.rounded(runs.map(\.totalJobSeconds).reduce(0, +)))
    run.shard = partition
    run.mergedShards = shards
    run.gitCommit = runs.compactMap(\.gitCommit).first
    run.peakMemoryBytes = runs.compactMap(\.peakMemoryBytes).max()
    let cached = runs.compactMap(\.cachedSteps)
    let total = runs.compactMap(\.totalSteps)
    if !total.isEmpty {
      run.cachedSteps = cached.reduce(0, +)
      run.totalSteps = total.reduce(0, +)
      run.cacheHitRatio =
        run.totalSteps! > 0 ? (Double(run.cachedSteps!) / Double(run.totalSteps!) * 1000).rounded() / 1000 : nil
    }
    run.budgetsEnforced = runs.compactMap(\.budgetsEnforced).first
    let over = runs.flatMap { $0.overBudget ?? [] }
    run.overBudget = over.isEmpty ? nil : over
    var report = RunReport(run: run, jobs: jobs)
    // Each shard's slots stay its own: lanes are per shard in the merged timeline.
    let slots = jobs.map(\.slot)
    let criticalPath = RunAnalysis.criticalPath(jobs)
    report.run.criticalPath = criticalPath
    report.run.criticalPathSeconds = RunAnalysis.rounded(
      criticalPath.compactMap { report.job($0)?.durationSeconds }.reduce(0, +))
    report.run.parallelEfficiency = RunAnalysis.parallelEfficiency(
      totalJobSeconds: run.totalJobSeconds, wallSeconds: run.wallSeconds,
      limit: run.jobs * max(1, shards.filter { $0.status == .ran }.count),
      jobsRun: jobs.filter { $0.startedAt != nil }.count)
    for index in report.jobs.indices { report.jobs[index].slot = slots[index] }
    return report
  }

  /// A job of a shard that did not run: skipped, saying so.
  static func missingJob(_ id: String, shard: Int, count: Int, from reports: [RunReport]) -> JobReport {
    let service = id.split(separator: "@", maxSplits: 1).first.map(String.init) ?? id
    var job = JobReport(id: id, service: service, platforms: [], status: .skipped, deps: [], tags: [])
    job.shard = shard
    job.error = "shard \(shard)/\(count) did not run (no report of it was merged)"
    return job
  }

  /// Writes the merged report and every format into `output`, all or nothing: the files are
  /// written into a fresh folder beside it, which is renamed into place at the end. Shard logs are
  /// copied into `logs/`.
  public static func write(_ report: RunReport, inputs: [Input], to output: String) throws {
    let manager = FileManager.default
    if let entries = try? manager.contentsOfDirectory(atPath: output), !entries.isEmpty {
      throw MergeError.outputNotEmpty(output)
    }
    let parent = Paths.folder(of: output)
    try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
    let staging = parent + "/.gantry-merge-\(UUID().uuidString.prefix(8))"
    try manager.createDirectory(atPath: staging + "/logs", withIntermediateDirectories: true)
    do {
      var report = report
      let sources = Dictionary(
        inputs.compactMap { input in input.report.run.shard.map { ($0.index, input.folder) } },
        uniquingKeysWith: { first, _ in first })
      for index in report.jobs.indices {
        guard let old = report.jobs[index].logPath, let shard = report.jobs[index].shard,
          let folder = sources[shard]
        else { continue }
        let name = URL(fileURLWithPath: old).lastPathComponent
        let source = folder + "/logs/" + name
        guard manager.fileExists(atPath: source) else {
          report.jobs[index].logPath = nil
          continue
        }
        try manager.copyItem(atPath: source, toPath: staging + "/logs/" + name)
        report.jobs[index].logPath = output + "/logs/" + name
      }
      var data = try ReportStore.encode(report)
      data.append(0x0A)
      try data.write(to: URL(fileURLWithPath: staging + "/report.json"))
      for format in ReportFormat.allCases {
        try Data(try format.render(report).utf8).write(to: URL(fileURLWithPath: staging + "/" + format.fileName))
      }
      if manager.fileExists(atPath: output) { try manager.removeItem(atPath: output) }
      guard rename(staging, output) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output])
      }
    } catch {
      try? manager.removeItem(atPath: staging)
      throw error
    }
  }
}
