import Foundation
import GantryReport
import Subprocess

#if canImport(System)
  import System
#else
  import SystemPackage
#endif

/// One command of a pipeline: argv (no shell) and the variables laid over the environment.
public struct PipelineCommand: Sendable, Hashable {
  public var argv: [String]
  public var env: [String: String]

  public init(argv: [String], env: [String: String] = [:]) {
    self.argv = argv
    self.env = env
  }
}

extension ProcessRunner {
  /// Runs `producer | consumer` without a shell: the producer's standard output goes through a pipe
  /// into the consumer's standard input; both standard errors, and the consumer's output, are
  /// appended to `logPath`. Each runs in its own process group and is stopped like a build
  /// (SIGTERM, then SIGKILL after the grace period) when the calling task is cancelled.
  /// - Returns: the first failure of the two, else the consumer's outcome.
  public func runPipeline(
    _ producer: PipelineCommand, into consumer: PipelineCommand, environment: [String: String], directory: String,
    logPath: String
  ) async -> ProcessOutcome {
    let startedAt = Date()
    let log: FileDescriptor
    let pipe: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
    do {
      log = try ProcessRunner.openLog(logPath)
    } catch {
      return ProcessOutcome(
        ending: .notStarted("cannot open log \(logPath): \(error)"), startedAt: startedAt, finishedAt: Date())
    }
    defer { try? log.close() }
    do {
      pipe = try FileDescriptor.pipe()
    } catch {
      return ProcessOutcome(
        ending: .notStarted("cannot create a pipe: \(error)"), startedAt: startedAt, finishedAt: Date())
    }
    // Each end is closed in gantry once its process has it (the children close every other
    // descriptor), so the consumer sees end-of-file when the producer exits.
    async let produced = spawn(
      producer, environment: environment, directory: directory, input: .none,
      output: .fileDescriptor(pipe.writeEnd, closeAfterSpawningProcess: true),
      error: .fileDescriptor(log, closeAfterSpawningProcess: false), startedAt: startedAt)
    async let consumed = spawn(
      consumer, environment: environment, directory: directory,
      input: .fileDescriptor(pipe.readEnd, closeAfterSpawningProcess: true),
      output: .fileDescriptor(log, closeAfterSpawningProcess: false),
      error: .fileDescriptor(log, closeAfterSpawningProcess: false), startedAt: startedAt)
    let (first, second) = await (produced, consumed)
    return first.succeeded ? second : first
  }

  func spawn<Input: InputProtocol, Output: OutputProtocol, Failure: ErrorOutputProtocol>(
    _ command: PipelineCommand, environment: [String: String], directory: String, input: Input, output: Output,
    error: Failure, startedAt: Date
  ) async -> ProcessOutcome {
    guard let executable = command.argv.first else {
      return ProcessOutcome(ending: .notStarted("empty command"), startedAt: startedAt, finishedAt: Date())
    }
    var options = PlatformOptions()
    options.processGroupID = 0
    options.teardownSequence = [.send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: grace)]
    var variables: [Environment.Key: String] = [:]
    for (name, value) in environment.merging(command.env, uniquingKeysWith: { _, new in new }) {
      if let key = Environment.Key(rawValue: name) { variables[key] = value }
    }
    let configuration = Configuration(
      executable: executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
      arguments: Arguments(Array(command.argv.dropFirst())), environment: .custom(variables),
      workingDirectory: FilePath(directory), platformOptions: options)
    let token = registry.newToken()
    defer { registry.remove(token) }
    do {
      let result = try await Subprocess.run(configuration, input: input, output: output, error: error) {
        [registry] execution in
        registry.insert(token, processGroup: execution.processIdentifier.value)
      }
      switch result.terminationStatus {
      case .exited(let code): return ProcessOutcome(ending: .exited(code), startedAt: startedAt, finishedAt: Date())
      case .signaled(let signal):
        return ProcessOutcome(ending: .signalled(signal), startedAt: startedAt, finishedAt: Date())
      }
    } catch {
      return ProcessOutcome(ending: .notStarted("\(error)"), startedAt: startedAt, finishedAt: Date())
    }
  }
}
