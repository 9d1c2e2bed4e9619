import Foundation
import GantryReport
import Subprocess
import Synchronization

#if canImport(System)
  import System
#else
  import SystemPackage
#endif

/// How a child process ended.
public struct ProcessOutcome: Sendable, Hashable {
  public enum Ending: Sendable, Hashable {
    case exited(Int32)
    case signalled(Int32)
    /// Stopped by gantry after running longer than its timeout.
    case timedOut
    /// Stopped by gantry after printing nothing for this long (the stall watchdog).
    case stalled(Duration)
    /// It could not be started at all (binary missing, not executable).
    case notStarted(String)
  }

  public var ending: Ending
  public var startedAt: Date
  public var finishedAt: Date

  public init(ending: Ending, startedAt: Date, finishedAt: Date = Date()) {
    self.ending = ending
    self.startedAt = startedAt
    self.finishedAt = finishedAt
  }

  public var succeeded: Bool { ending == .exited(0) }

  /// The exit code as a shell reports it: the code, or 128 + signal.
  public var exitCode: Int32? {
    switch ending {
    case .exited(let code): code
    case .signalled(let signal): 128 + signal
    case .timedOut, .stalled, .notStarted: nil
    }
  }
}

/// One command to start: argv (no shell) and the variables laid over the caller's environment.
public struct PipelineCommand: Sendable, Hashable {
  public var argv: [String]
  public var env: [String: String]

  public init(argv: [String], env: [String: String] = [:]) {
    self.argv = argv
    self.env = env
  }
}

/// What a short command printed, kept apart: standard output and standard error.
public struct CapturedOutput: Sendable, Hashable {
  public var outcome: ProcessOutcome
  public var standardOutput: String
  public var standardError: String
}

/// The one way gantry starts a process: builds, image copies, engine questions and probes.
///
/// Every launch is an argv array (never a shell), runs in its own process group, is registered so
/// that a second Ctrl-C can kill it, and is stopped (SIGTERM to the group, then SIGKILL after the
/// grace period) when the calling task is cancelled, when it runs past its timeout, or when a
/// watched log stays silent past its stall limit.
public struct ProcessRunner: Sendable {
  /// How long a stopped process may take to exit after SIGTERM before it is killed.
  public var grace: Duration
  public var registry: ProcessRegistry

  public init(grace: Duration = .seconds(10), registry: ProcessRegistry = ProcessRegistry()) {
    self.grace = grace
    self.registry = registry
  }

  /// Runs `argv` in `directory` with `environment`, appending its output to `logPath`.
  /// - Parameters:
  ///   - timeout: stop it after this long and report `.timedOut`.
  ///   - stallTimeout: stop it when the log has not grown for this long and report `.stalled`.
  public func run(
    argv: [String], environment: [String: String], directory: String, stdin: String?, logPath: String,
    timeout: Duration? = nil, stallTimeout: Duration? = nil
  ) async -> ProcessOutcome {
    let startedAt = Date()
    let log: FileDescriptor
    do {
      log = try ProcessRunner.openLog(logPath)
    } catch {
      return ProcessOutcome(ending: .notStarted("cannot open log \(logPath): \(error)"), startedAt: startedAt)
    }
    defer { try? log.close() }
    let command = PipelineCommand(argv: argv)
    return await watched(timeout: timeout, stall: stallTimeout.map { (logPath, $0) }) {
      await launch(
        command, environment: environment, directory: directory, input: .string(stdin ?? ""),
        output: .fileDescriptor(log, closeAfterSpawningProcess: false),
        error: .fileDescriptor(log, closeAfterSpawningProcess: false), startedAt: startedAt, log: log)
    }
  }

  /// Runs a short command and returns what it printed, standard output and error apart (each up to
  /// `limit` bytes), or its failure to start. It is stopped after `timeout`.
  public func capture(
    _ command: PipelineCommand, environment: [String: String], directory: String, timeout: Duration,
    limit: Int = 1 << 20
  ) async -> CapturedOutput {
    let startedAt = Date()
    let captured = Mutex<(out: String, err: String)>(("", ""))
    let outcome = await watched(timeout: timeout, stall: nil) {
      let configuration: Configuration
      switch configure(command, environment: environment, directory: directory) {
      case .success(let value): configuration = value
      case .failure(let reason): return ProcessOutcome(ending: .notStarted(reason.message), startedAt: startedAt)
      }
      do {
        let result = try await Subprocess.run(
          configuration, output: .string(limit: limit), error: .string(limit: limit))
        captured.withLock { $0 = (result.standardOutput, result.standardError) }
        return ProcessOutcome(ending: Self.ending(result.terminationStatus), startedAt: startedAt)
      } catch {
        return ProcessOutcome(ending: .notStarted("\(error)"), startedAt: startedAt)
      }
    }
    let (out, err) = captured.withLock { $0 }
    return CapturedOutput(outcome: outcome, standardOutput: out, standardError: err)
  }

  /// Runs `producer | consumer` without a shell: the producer's standard output goes through a pipe
  /// into the consumer's standard input; both standard errors, and the consumer's output, are
  /// appended to `logPath`.
  /// - Returns: the first failure of the two, else the consumer's outcome.
  public func runPipeline(
    _ producer: PipelineCommand, into consumer: PipelineCommand, environment: [String: String], directory: String,
    logPath: String, timeout: Duration? = nil
  ) async -> ProcessOutcome {
    let startedAt = Date()
    let log: FileDescriptor
    let pipe: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
    do {
      log = try ProcessRunner.openLog(logPath)
    } catch {
      return ProcessOutcome(ending: .notStarted("cannot open log \(logPath): \(error)"), startedAt: startedAt)
    }
    defer { try? log.close() }
    do {
      pipe = try FileDescriptor.pipe()
    } catch {
      return ProcessOutcome(ending: .notStarted("cannot create a pipe: \(error)"), startedAt: startedAt)
    }
    return await watched(timeout: timeout, stall: nil) {
      // Each end is closed in gantry once its process has it (the children close every other
      // descriptor), so the consumer sees end-of-file when the producer exits.
      async let produced = launch(
        producer, environment: environment, directory: directory, input: .none,
        output: .fileDescriptor(pipe.writeEnd, closeAfterSpawningProcess: true),
        error: .fileDescriptor(log, closeAfterSpawningProcess: false), startedAt: startedAt, log: log)
      async let consumed = launch(
        consumer, environment: environment, directory: directory,
        input: .fileDescriptor(pipe.readEnd, closeAfterSpawningProcess: true),
        output: .fileDescriptor(log, closeAfterSpawningProcess: false),
        error: .fileDescriptor(log, closeAfterSpawningProcess: false), startedAt: startedAt, log: log)
      let (first, second) = await (produced, consumed)
      return first.succeeded ? second : first
    }
  }

  /// A job's log, opened for appending (created when missing): every attempt and every process
  /// of a job writes to the same file.
  static func openLog(_ path: String) throws -> FileDescriptor {
    try FileDescriptor.open(
      FilePath(path), .writeOnly, options: [.create, .append], permissions: [.ownerReadWrite, .groupRead, .otherRead])
  }

  /// Starts one process and waits for it. The only place a process is configured: executable
  /// lookup, environment, working folder, process group, teardown, registration.
  func launch<Input: InputProtocol, Output: OutputProtocol, Failure: ErrorOutputProtocol>(
    _ command: PipelineCommand, environment: [String: String], directory: String, input: Input, output: Output,
    error: Failure, startedAt: Date, log: FileDescriptor?
  ) async -> ProcessOutcome {
    let configuration: Configuration
    switch configure(command, environment: environment, directory: directory) {
    case .success(let value): configuration = value
    case .failure(let reason): return ProcessOutcome(ending: .notStarted(reason.message), startedAt: startedAt)
    }
    let token = registry.newToken()
    defer { registry.remove(token) }
    do {
      let result = try await Subprocess.run(configuration, input: input, output: output, error: error) {
        [registry] execution in
        registry.insert(token, processGroup: execution.processIdentifier.value)
      }
      return ProcessOutcome(ending: Self.ending(result.terminationStatus), startedAt: startedAt)
    } catch {
      let message = "\(error)"
      _ = try? log?.writeAll(Array("gantry: could not run \(command.argv[0]): \(message)\n".utf8))
      return ProcessOutcome(ending: .notStarted(message), startedAt: startedAt)
    }
  }

  struct LaunchFailure: Error {
    var message: String
  }

  /// How every process is configured: executable lookup, environment (the command's variables laid
  /// over `environment`), working folder, its own process group, and the teardown on cancellation.
  func configure(_ command: PipelineCommand, environment: [String: String], directory: String) -> Result<
    Configuration, LaunchFailure
  > {
    guard let executable = command.argv.first else { return .failure(LaunchFailure(message: "empty command")) }
    var options = PlatformOptions()
    // Its own process group: a terminal's Ctrl-C reaches gantry only, and stopping a build stops
    // everything it started.
    options.processGroupID = 0
    options.teardownSequence = [.send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: grace)]
    var variables: [Environment.Key: String] = [:]
    for (name, value) in environment.merging(command.env, uniquingKeysWith: { _, new in new }) {
      if let key = Environment.Key(rawValue: name) { variables[key] = value }
    }
    return .success(
      Configuration(
        executable: executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
        arguments: Arguments(Array(command.argv.dropFirst())), environment: .custom(variables),
        workingDirectory: FilePath(directory), platformOptions: options))
  }

  static func ending(_ status: TerminationStatus) -> ProcessOutcome.Ending {
    switch status {
    case .exited(let code): .exited(code)
    case .signaled(let signal): .signalled(signal)
    }
  }

  /// What ends a watched run first.
  enum Watch: Sendable {
    case finished(ProcessOutcome)
    case limit(ProcessOutcome.Ending)
  }

  /// Runs `body` (which waits for its processes) until it returns, the timeout passes, or the log
  /// at `stall.path` stops growing for `stall.limit`; in the last two cases the task running it is
  /// cancelled, which stops the processes, and the outcome says why.
  func watched(
    timeout: Duration?, stall: (path: String, limit: Duration)?, _ body: @escaping @Sendable () async -> ProcessOutcome
  ) async -> ProcessOutcome {
    guard timeout != nil || stall != nil else { return await body() }
    return await withTaskGroup(of: Watch?.self) { group in
      group.addTask { .finished(await body()) }
      if let timeout {
        group.addTask {
          do { try await Task.sleep(for: timeout) } catch { return nil }
          return .limit(.timedOut)
        }
      }
      if let stall {
        group.addTask { await Self.silence(of: stall.path, limit: stall.limit) ? .limit(.stalled(stall.limit)) : nil }
      }
      var reason: ProcessOutcome.Ending?
      while let next = await group.next() {
        switch next {
        case .finished(var outcome):
          group.cancelAll()
          if let reason, !outcome.succeeded { outcome.ending = reason }
          return outcome
        case .limit(let ending):
          // A limit passed (and not because the caller is cancelling): stop the process, then
          // wait for the body to report how it ended.
          if reason == nil, !Task.isCancelled { reason = ending }
          group.cancelAll()
        case nil:
          continue
        }
      }
      return ProcessOutcome(ending: .notStarted("no outcome"), startedAt: Date())
    }
  }

  /// Waits until the file has not grown for `limit` (true), or the task is cancelled (false).
  static func silence(of path: String, limit: Duration) async -> Bool {
    let poll = min(limit / 4, .seconds(1))
    var lastSize = Self.size(of: path)
    var quietSince = ContinuousClock.now
    while !Task.isCancelled {
      do { try await Task.sleep(for: poll) } catch { return false }
      let size = Self.size(of: path)
      if size != lastSize {
        lastSize = size
        quietSince = .now
      } else if ContinuousClock.now - quietSince >= limit {
        return true
      }
    }
    return false
  }

  static func size(of path: String) -> Int64 {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : -1
  }
}
