import Foundation
import GantryCore
import GantryPlan
import GantryReport

/// `gantry measure`: builds what the services need once, then each measurement as a run of its
/// own through `BuildSession` (lock, preflight, report, history), so every measurement lands in
/// `.gantry/history.jsonl` under its own job id (`web:cold`) and `report compare` and trends see it.
public struct MeasureSession: Sendable {
  public struct Request: Sendable {
    public var services: [String]
    /// Named stages to build with `--target`, by service (`--stages`).
    public var stages: [String: [String]]
    public var scenarios: [Scenario]
    public var repeatCount: Int
    /// The file each service's incremental scenario changes (absolute).
    public var touch: [String: String]
    /// The name shown for a service's own build: its target stage, or `final`.
    public var finalStage: [String: String]

    public init(
      services: [String], stages: [String: [String]] = [:], scenarios: [Scenario] = Scenario.allCases,
      repeatCount: Int = 1, touch: [String: String] = [:], finalStage: [String: String] = [:]
    ) {
      self.services = services
      self.stages = stages
      self.scenarios = scenarios
      self.repeatCount = repeatCount
      self.touch = touch
      self.finalStage = finalStage
    }
  }

  public var settings: BuildSession.Settings
  public var progress: any ProgressSink
  public var registry: ProcessRegistry

  public init(
    settings: BuildSession.Settings, progress: any ProgressSink, registry: ProcessRegistry = ProcessRegistry()
  ) {
    self.settings = settings
    self.progress = progress
    self.registry = registry
  }

  /// Where the incremental scenario keeps the original bytes of the file it changes.
  public static func backupFolder(root: String) -> String { root + "/.gantry/measure" }

  /// What went wrong part way; the table holds what was measured before.
  public struct Stopped: Error, Sendable, CustomStringConvertible {
    public var table: MeasureTable
    public var reason: String
    public var interrupted: Bool
    public var description: String { reason }
  }

  /// Runs the measurements. `stopRequested` is asked between builds (Ctrl-C also cancels the
  /// running build through `stop`); a changed file is restored before this returns or throws.
  /// - Parameters:
  ///   - plan: the plan of the selected services with their dependencies.
  ///   - log: one line per finished measurement.
  public func run(
    _ request: Request, plan makePlan: @escaping (BuildSession.PlanningInput) throws -> Plan, stop: StopSignal,
    stopRequested: @escaping @Sendable () -> Bool, log: (String) -> Void
  ) async throws -> MeasureTable {
    if let restored = try TouchedFile.recover(backupFolder: Self.backupFolder(root: settings.root)) {
      log("restored \(Paths.display(restored)), left changed by an earlier measure")
    }
    let prepared = try await BuildSession(settings: settings, progress: progress, registry: registry).run(
      plan: makePlan, warn: { _ in }, stop: stop)
    guard prepared.report.run.status == .succeeded else {
      throw Stopped(
        table: MeasureTable(rows: []), reason: "the first build of the services and what they need did not succeed",
        interrupted: prepared.report.run.status == .interrupted)
    }

    var quiet = settings
    quiet.engineTimeout = nil
    // A measurement times the builder itself: never skipped as up to date.
    quiet.incremental = false
    let session = BuildSession(settings: quiet, progress: progress, registry: registry)
    var samples: [BuildMeasurement: [(Double, Int64?)]] = [:]
    var order: [BuildMeasurement] = []
    func table() -> MeasureTable {
      MeasureTable(
        rows: order.map { key in
          let values = samples[key] ?? []
          return MeasureTable.Row(
            service: key.service, stage: key.stage ?? request.finalStage[key.service] ?? "final",
            scenario: key.scenario, runs: values.map(\.0), imageBytes: values.compactMap(\.1).last,
            touched: key.scenario == .incremental
              ? request.touch[key.service].map { Paths.relative($0, to: settings.root) } : nil)
        })
    }

    let sequence = BuildMeasurement.sequence(
      services: request.services, stages: request.stages, scenarios: request.scenarios, repeat: request.repeatCount)
    for measurement in sequence {
      if stopRequested() { throw Stopped(table: table(), reason: "stopped", interrupted: true) }
      var touched: TouchedFile?
      if measurement.scenario == .incremental {
        guard let path = request.touch[measurement.service] else {
          throw Stopped(
            table: table(), reason: MeasureError.noFileToTouch(service: measurement.service).description,
            interrupted: false)
        }
        touched = try TouchedFile.touch(path, backupFolder: Self.backupFolder(root: settings.root))
      }
      let outcome: BuildSession.Outcome
      do {
        outcome = try await session.run(
          plan: { input in
            var plan = try makePlan(input)
            guard
              let planned = plan.job(measurement.service)
                ?? plan.jobs.first(where: { $0.service == measurement.service && $0.kind == .build })
            else { throw MeasureError.noFileToTouch(service: measurement.service) }
            let job = measurement.job(from: planned, root: plan.root, outputDirectory: input.outputDirectory)
            plan.jobs = [job]
            plan.levels = [[job.id]]
            plan.criticalPath = [job.id]
            return plan
          }, warn: { _ in }, stop: stop)
      } catch {
        try touched?.restore()
        throw error
      }
      try touched?.restore()
      guard let job = outcome.report.jobs.first, job.status == .built, let seconds = job.durationSeconds else {
        throw Stopped(
          table: table(),
          reason: outcome.report.run.status == .interrupted
            ? "stopped" : "\(measurement.jobID): the build failed (\(outcome.reportPath ?? "no report"))",
          interrupted: outcome.report.run.status == .interrupted)
      }
      if samples[measurement] == nil { order.append(measurement) }
      samples[measurement, default: []].append((seconds, job.imageSizeBytes))
      log(
        "\(measurement.jobID): \(String(format: "%.2f", seconds))s\(job.imageSizeBytes.map { ", " + SizeText.display($0) } ?? "")"
      )
    }
    return table()
  }
}
