import GantryCore
import GantryPlan

/// The guides' three build situations.
public enum Scenario: String, Sendable, Hashable, Codable, CaseIterable {
  /// The builder's cache bypassed for this build (`--no-cache`); nothing is pruned.
  case cold
  /// The same build again, nothing changed.
  case warm
  /// One source file the build reads changed, then restored.
  case incremental
}

/// One build `gantry measure` runs: a service, optionally one stage of it (`--target`), in one
/// scenario. Pure: the job is the planned job rewritten.
public struct BuildMeasurement: Sendable, Hashable {
  public var service: String
  /// The stage built with `--target`; nil for the service's own build.
  public var stage: String?
  public var scenario: Scenario

  public init(service: String, stage: String?, scenario: Scenario) {
    self.service = service
    self.stage = stage
    self.scenario = scenario
  }

  /// The job id the measurement's run reports (and the history keeps): `web:cold`,
  /// `web[build]:incremental`, so trends compare like with like.
  public var jobID: String { service + (stage.map { "[\($0)]" } ?? "") + ":" + scenario.rawValue }

  /// The planned job of the service, rewritten to build this measurement alone: no dependencies
  /// (they are built first), `--no-cache` for cold, `--target` for a stage (then tagged
  /// `<tag>-<stage>`, so the service's own tag keeps its image), the image id file renamed.
  /// - Parameter outputDirectory: the run's image id folder.
  public func job(from planned: Job, root: String, outputDirectory: String) -> Job {
    var job = planned
    job.id = jobID
    job.deps = []
    // The options after the verb (`build`, `buildx build`); client, verb and endpoint stay as planned.
    var arguments = planned.invocation.arguments
    if let stage {
      var index = 0
      var tags: [String] = []
      while index < arguments.count {
        if arguments[index] == "-t" || arguments[index] == "--tag", index + 1 < arguments.count {
          arguments[index + 1] = Self.stageTag(arguments[index + 1], stage: stage)
          tags.append(arguments[index + 1])
          index += 2
          continue
        }
        if arguments[index] == "--target", index + 1 < arguments.count {
          arguments.removeSubrange(index...(index + 1))
          continue
        }
        index += 1
      }
      job.tags = tags
    }
    for (index, word) in arguments.enumerated().dropLast() where word == "--iidfile" {
      arguments[index + 1] = Paths.relative(ArgvBuilder.imageIDFile(for: jobID, in: outputDirectory), to: root)
    }
    for (index, word) in arguments.enumerated().dropLast() where word == "--metadata-file" {
      arguments[index + 1] = Paths.relative(ArgvBuilder.metadataFile(for: jobID, in: outputDirectory), to: root)
    }
    var inserted: [String] = []
    if scenario == .cold { inserted.append("--no-cache") }
    if let stage { inserted += ["--target", stage] }
    job.invocation.arguments = inserted + arguments
    return job
  }

  /// `acme/web:1` → `acme/web:1-build`; `acme/web` → `acme/web:build`.
  static func stageTag(_ tag: String, stage: String) -> String {
    let slash = tag.lastIndex(of: "/")
    if let colon = tag.lastIndex(of: ":"), slash.map({ colon > $0 }) ?? true { return tag + "-" + stage }
    return tag + ":" + stage
  }

  /// Every measurement in the order they run: per service and stage, `repeat` rounds of the
  /// scenarios in the order cold, warm, incremental (a warm build follows a build of the same
  /// inputs; an incremental one follows a warm cache).
  public static func sequence(
    services: [String], stages: [String: [String]], scenarios: [Scenario], repeat count: Int
  ) -> [BuildMeasurement] {
    let ordered = Scenario.allCases.filter(scenarios.contains)
    var result: [BuildMeasurement] = []
    for service in services {
      for stage in [nil] + (stages[service] ?? []).map(Optional.some) {
        for _ in 0..<max(count, 1) {
          for scenario in ordered {
            result.append(BuildMeasurement(service: service, stage: stage, scenario: scenario))
          }
        }
      }
    }
    return result
  }
}
