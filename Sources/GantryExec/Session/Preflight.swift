import Foundation
import GantryCore
import GantryPlan
import GantryReport

/// Before any build starts: asks the engine behind each builder the run uses for its version,
/// with a timeout, so an engine that is down or never answers stops the run at once with its
/// endpoint named, instead of hanging the first build.
public struct Preflight: Sendable {
  /// The longest each engine may take to answer.
  public var timeout: Duration
  public var processes: ProcessRunner

  /// Fifteen seconds: a healthy engine answers in milliseconds, a remote one over ssh in a second or two.
  public static let defaultTimeout: Duration = .seconds(15)

  public init(timeout: Duration = Preflight.defaultTimeout, processes: ProcessRunner = ProcessRunner(grace: .seconds(2))) {
    self.timeout = timeout
    self.processes = processes
  }

  /// Why an engine cannot be used.
  public struct Failure: ReportableError {
    public enum Kind: Sendable {
      /// The client cannot be started: a configuration that cannot work (exit 2).
      case clientMissing
      /// The engine did not answer within the timeout (exit 1).
      case noAnswer
      /// The engine answered with an error, or is not there (exit 1).
      case unreachable
    }

    public var kind: Kind
    public var builder: String
    /// How the builder is reached, in words (`DOCKER_HOST=unix:///…`).
    public var endpoint: String
    public var detail: String

    public var exitStatus: ExitStatus { kind == .clientMissing ? .badInput : .buildFailed }

    public var diagnostics: [Diagnostic] {
      let place = builder == PlannedBuilder.defaultName ? endpoint : "builder '\(builder)' (\(endpoint))"
      switch kind {
      case .clientMissing:
        return [
          .error(
            "cannot run the docker client for \(place): \(detail)", at: nil,
            hint: "install the docker client, or name it with --docker PATH or $GANTRY_DOCKER")
        ]
      case .noAnswer:
        return [
          .error(
            "the engine at \(place) did not answer within \(detail)", at: nil,
            hint: "check that the engine is running and reachable (docker version), or raise --engine-timeout")
        ]
      case .unreachable:
        return [
          .error(
            "the engine at \(place) cannot be used: \(detail)", at: nil,
            hint: "start the engine, or point DOCKER_HOST or the builder's endpoint at one that runs")
        ]
      }
    }
  }

  /// The engines to ask: one question per distinct endpoint among the builders jobs may run on.
  /// The command backend (podman, buildah, kaniko) has no docker engine to ask.
  public static func checks(for plan: Plan, client: String, environment: [String: String]) -> [(
    builder: PlannedBuilder, command: PipelineCommand, endpoint: String
  )] {
    guard plan.backend != .command else { return [] }
    let used = Set(plan.jobs.flatMap { [$0.builder] + $0.candidates })
    var seen: Set<String> = []
    var checks: [(builder: PlannedBuilder, command: PipelineCommand, endpoint: String)] = []
    for builder in plan.builders where used.contains(builder.name) {
      let (argv, env) = builder.clientCommand(client: client, ["version", "--format", "{{.Server.Version}}"])
      let command = PipelineCommand(argv: argv, env: env)
      guard seen.insert(argv.joined(separator: "\u{0}") + "\(env.sorted { $0.key < $1.key })").inserted else {
        continue
      }
      let endpoint: String
      if builder.endpoint != nil {
        endpoint = builder.endpointText
      } else if let host = environment["DOCKER_HOST"], !host.isEmpty {
        endpoint = "DOCKER_HOST=\(host)"
      } else if let context = environment["DOCKER_CONTEXT"], !context.isEmpty {
        endpoint = "DOCKER_CONTEXT=\(context)"
      } else {
        endpoint = "unix:///var/run/docker.sock (DOCKER_HOST is not set)"
      }
      checks.append((builder, command, endpoint))
    }
    return checks
  }

  /// Asks every engine at once; throws the first failure in builder order.
  public func check(_ plan: Plan, client: String, environment: [String: String], directory: String) async throws(Failure)
  {
    let checks = Self.checks(for: plan, client: client, environment: environment)
    let failures = await withTaskGroup(of: (Int, Failure?).self) { group in
      for (index, check) in checks.enumerated() {
        group.addTask {
          let result = await processes.capture(
            check.command, environment: environment, directory: directory, timeout: timeout)
          return (index, Self.failure(result, builder: check.builder.name, endpoint: check.endpoint, timeout: timeout))
        }
      }
      var failures: [Int: Failure] = [:]
      for await (index, failure) in group { failures[index] = failure }
      return failures
    }
    if let first = failures.keys.min(), let failure = failures[first] { throw failure }
  }

  static func failure(_ result: CapturedOutput, builder: String, endpoint: String, timeout: Duration) -> Failure? {
    switch result.outcome.ending {
    case .exited(0):
      return nil
    case .notStarted(let reason):
      return Failure(kind: .clientMissing, builder: builder, endpoint: endpoint, detail: reason)
    case .timedOut, .stalled:
      return Failure(kind: .noAnswer, builder: builder, endpoint: endpoint, detail: Summary.seconds(timeout.seconds))
    case .exited, .signalled:
      let lines = (result.standardError + "\n" + result.standardOutput).split(whereSeparator: \.isNewline)
      let said = lines.map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
      let status = result.outcome.exitCode.map { "exit \($0)" } ?? "failed"
      return Failure(
        kind: .unreachable, builder: builder, endpoint: endpoint, detail: said.map { String($0.prefix(300)) } ?? status)
    }
  }
}
