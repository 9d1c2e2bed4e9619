import Foundation
import GantryReport
import Subprocess

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
    /// It could not be started at all (binary missing, not executable).
    case notStarted(String)
  }

  public var ending: Ending
  public var startedAt: Date
  public var finishedAt: Date

  public var succeeded: Bool { ending == .exited(0) }

  /// The exit code as a shell reports it: the code, or 128 + signal.
  public var exitCode: Int32? {
    switch ending {
    case .exited(let code): code
    case .signalled(let signal): 128 + signal
    case .timedOut, .notStarted: nil
    }
  }
}

/// Runs one command from an argv array (never through a shell), its standard output and error
/// written straight to a log file by the child, so memory does not grow with the log.
public struct ProcessRunner: Sendable {
  /// How long a stopped build may take to exit after SIGTERM before it is killed.
  public var grace: Duration
  public var registry: ProcessRegistry

  public init(grace: Duration = .seconds(10), registry: ProcessRegistry = ProcessRegistry()) {
    self.grace = grace
    self.registry = registry
  }

  /// Runs `argv` in `directory` with `environment`, appending its output to `logPath`.
  /// Cancelling the calling task, or running past `timeout`, stops the process group: SIGTERM,
  /// then SIGKILL after the grace period.
  public func run(
    argv: [String], environment: [String: String], directory: String, stdin: String?, logPath: String,
    timeout: Duration? = nil
  ) async -> ProcessOutcome {
    guard let timeout else {
      return await runToEnd(argv: argv, environment: environment, directory: directory, stdin: stdin, logPath: logPath)
    }
    return await withTaskGroup(of: ProcessOutcome?.self) { group in
      group.addTask {
        await runToEnd(argv: argv, environment: environment, directory: directory, stdin: stdin, logPath: logPath)
      }
      group.addTask {
        // nil when the process ended first (this sleep is then cancelled).
        do { try await Task.sleep(for: timeout) } catch { return nil }
        return nil
      }
      let first = await group.next() ?? nil
      if let first {
        group.cancelAll()
        return first
      }
      // The timer fired (or the run is being cancelled): stop the process and wait for it.
      let cancelledFromOutside = Task.isCancelled
      group.cancelAll()
      var stopped: ProcessOutcome?
      while let next = await group.next() { if let next { stopped = next } }
      guard var outcome = stopped else {
        return ProcessOutcome(ending: .notStarted("no outcome"), startedAt: Date(), finishedAt: Date())
      }
      if !cancelledFromOutside, !outcome.succeeded { outcome.ending = .timedOut }
      return outcome
    }
  }

  /// A job's log, opened for appending (created when missing): every attempt and every process
  /// of a job writes to the same file.
  static func openLog(_ path: String) throws -> FileDescriptor {
    try FileDescriptor.open(
      FilePath(path), .writeOnly, options: [.create, .append], permissions: [.ownerReadWrite, .groupRead, .otherRead])
  }

  func runToEnd(
    argv: [String], environment: [String: String], directory: String, stdin: String?, logPath: String
  ) async -> ProcessOutcome {
    let startedAt = Date()
    guard let executable = argv.first else {
      return ProcessOutcome(ending: .notStarted("empty command"), startedAt: startedAt, finishedAt: Date())
    }
    let log: FileDescriptor
    do {
      log = try ProcessRunner.openLog(logPath)
    } catch {
      return ProcessOutcome(
        ending: .notStarted("cannot open log \(logPath): \(error)"), startedAt: startedAt, finishedAt: Date())
    }
    defer { try? log.close() }

    var options = PlatformOptions()
    // Its own process group: a terminal's Ctrl-C reaches gantry only, and stopping a build stops
    // everything it started.
    options.processGroupID = 0
    options.teardownSequence = [.send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: grace)]
    var variables: [Environment.Key: String] = [:]
    for (name, value) in environment {
      if let key = Environment.Key(rawValue: name) { variables[key] = value }
    }
    let configuration = Configuration(
      executable: executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
      arguments: Arguments(Array(argv.dropFirst())),
      environment: .custom(variables),
      workingDirectory: FilePath(directory),
      platformOptions: options)
    let token = registry.newToken()
    defer { registry.remove(token) }
    do {
      let result = try await Subprocess.run(
        configuration,
        input: .string(stdin ?? ""),
        output: .fileDescriptor(log, closeAfterSpawningProcess: false),
        error: .fileDescriptor(log, closeAfterSpawningProcess: false)
      ) { [registry] execution in
        registry.insert(token, processGroup: execution.processIdentifier.value)
      }
      let ending: ProcessOutcome.Ending
      switch result.terminationStatus {
      case .exited(let code): ending = .exited(code)
      case .signaled(let signal): ending = .signalled(signal)
      }
      return ProcessOutcome(ending: ending, startedAt: startedAt, finishedAt: Date())
    } catch {
      let message = "\(error)"
      _ = try? log.writeAll(Array("gantry: could not run \(executable): \(message)\n".utf8))
      return ProcessOutcome(ending: .notStarted(message), startedAt: startedAt, finishedAt: Date())
    }
  }
}
