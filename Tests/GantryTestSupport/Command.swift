import Foundation

/// Runs programs for tests: an argv array (no shell), standard output and standard error read
/// apart (a program's warnings on standard error never end up in what a test parses), and every
/// wait bounded by a timeout.
public enum Command {
  /// How a program ended and what it printed.
  public struct Result: Sendable, CustomStringConvertible {
    /// The exit status; 128 + the signal's number when a signal ended it; 124 (as timeout(1)
    /// reports it) when the test's timeout stopped it.
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// The program was still running at the timeout and was stopped.
    public var timedOut: Bool

    public init(status: Int32, stdout: String, stderr: String, timedOut: Bool = false) {
      self.status = status
      self.stdout = stdout
      self.stderr = stderr
      self.timedOut = timedOut
    }

    /// Both streams, labelled and shortened, for failure messages (to read, never to parse).
    public var description: String {
      let limit = 4000
      func tail(_ text: String) -> String { text.count > limit ? "…" + text.suffix(limit) : text }
      return "exit \(status)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(tail(stdout))\n--- stderr\n\(tail(stderr))"
    }
  }

  /// Runs `argv` and waits for it to end, at most `timeout` seconds (then it is stopped: SIGTERM,
  /// SIGKILL five seconds later). The wait happens on a thread of its own, never on the threads
  /// Swift's concurrency shares between tests, so a test waiting for a program cannot hold up
  /// another test's timing.
  /// - Parameters:
  ///   - environment: added to the test's own environment (a value replaces the inherited one).
  ///   - input: written to standard input, which is then closed; without it standard input is /dev/null.
  public static func run(
    _ argv: [String], environment: [String: String] = [:], directory: String? = nil, input: String? = nil,
    timeout: Double = 600
  ) async throws -> Result {
    try await start(argv, environment: environment, directory: directory, input: input).result(timeout: timeout)
  }

  /// `run`, blocking the calling thread: only where there is no async context (a static
  /// initialiser, a `defer`), for short commands.
  public static func runBlocking(
    _ argv: [String], environment: [String: String] = [:], directory: String? = nil, timeout: Double = 120
  ) throws -> Result {
    try start(argv, environment: environment, directory: directory).wait(timeout: timeout)
  }

  /// Starts `argv` and returns at once; `wait(timeout:)` collects the result.
  public static func start(
    _ argv: [String], environment: [String: String] = [:], directory: String? = nil, input: String? = nil
  ) throws -> Running {
    try Running(argv, environment: environment, directory: directory, input: input)
  }

  /// The path of `name` on PATH (or `name` itself when it holds a slash).
  public static func which(_ name: String) throws -> String {
    if name.contains("/") { return name }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
      return "\(folder)/\(name)"
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
  }

  /// A started program.
  public final class Running: @unchecked Sendable {
    private let process = Process()
    private let output = Capture()
    private let error = Capture()
    private let exited = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var finished: Result?

    init(_ argv: [String], environment: [String: String], directory: String?, input: String?) throws {
      process.executableURL = URL(fileURLWithPath: try Command.which(argv[0]))
      process.arguments = Array(argv.dropFirst())
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
      if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
      let stdout = Pipe()
      let stderr = Pipe()
      process.standardOutput = stdout
      process.standardError = stderr
      let stdin = input.map { _ in Pipe() }
      process.standardInput = stdin ?? FileHandle.nullDevice
      process.terminationHandler = { [exited] _ in exited.signal() }
      try process.run()
      output.read(stdout.fileHandleForReading)
      error.read(stderr.fileHandleForReading)
      if let stdin, let input {
        // On a thread of its own: a program that does not read its input must not block the test.
        Thread.detachNewThread {
          try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
          try? stdin.fileHandleForWriting.close()
        }
      }
    }

    public var pid: Int32 { process.processIdentifier }

    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` to the program (not to its children).
    public func signal(_ signal: Int32) {
      kill(pid, signal)
    }

    /// What the program printed on standard output so far.
    public var stdoutSoFar: String { output.text }

    /// `wait(timeout:)` on a thread of its own: the caller's thread is free meanwhile.
    public func result(timeout: Double) async -> Result {
      await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: self.wait(timeout: timeout)) }
      }
    }

    /// Waits for the program to end and close its outputs, at most `timeout` seconds from now;
    /// past that it is stopped (SIGTERM, then SIGKILL five seconds later) and the result says so.
    /// Waiting again returns the same result. Blocks the calling thread (see `result(timeout:)`).
    public func wait(timeout: Double) -> Result {
      lock.lock()
      defer { lock.unlock() }
      if let finished { return finished }
      let deadline = DispatchTime.now() + timeout
      var timedOut = false
      if exited.wait(timeout: deadline) == .timedOut {
        timedOut = true
        kill(pid, SIGTERM)
        if exited.wait(timeout: .now() + 5) == .timedOut {
          kill(pid, SIGKILL)
          _ = exited.wait(timeout: .now() + 5)
        }
      }
      // A child the program left behind may hold its outputs open: wait for them to the deadline
      // (five seconds at least), then take what came.
      let outputsDeadline = max(deadline, DispatchTime.now() + 5)
      let closed = output.finished(by: outputsDeadline) && error.finished(by: outputsDeadline)
      var status = process.isRunning ? 124 : process.terminationStatus
      if !process.isRunning, process.terminationReason == .uncaughtSignal { status += 128 }
      if timedOut { status = 124 }
      var stderr = error.text
      if !closed { stderr += "\n[test: the program's output was still open \(Int(timeout)) s after it started]\n" }
      let result = Result(status: status, stdout: output.text, stderr: stderr, timedOut: timedOut)
      finished = result
      return result
    }
  }

  /// Everything read from one pipe, on a thread of its own so that neither pipe fills up and
  /// blocks the program, and so that a pipe held open by a stray child cannot block the test.
  final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    private var isDone = false

    func read(_ handle: FileHandle) {
      Thread.detachNewThread { [self] in
        while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
          lock.lock()
          data.append(chunk)
          lock.unlock()
        }
        try? handle.close()
        done.signal()
      }
    }

    /// Whether the pipe closed by `deadline`.
    func finished(by deadline: DispatchTime) -> Bool {
      lock.lock()
      let already = isDone
      lock.unlock()
      if already { return true }
      guard done.wait(timeout: deadline) == .success else { return false }
      lock.lock()
      isDone = true
      lock.unlock()
      return true
    }

    var text: String {
      lock.lock()
      defer { lock.unlock() }
      return String(decoding: data, as: UTF8.self)
    }
  }
}
