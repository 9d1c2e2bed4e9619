import Foundation

/// Runs a program for a test and collects what it printed.
enum Command {
  struct Result {
    var status: Int32
    var output: String
  }

  /// Runs `argv` (no shell), output and error merged, waiting for it to end; killed after `timeout`
  /// seconds (then the status is 124, as timeout(1) reports it).
  static func run(
    _ argv: [String], environment: [String: String] = [:], directory: String? = nil, timeout: Double = 600
  ) throws -> Result {
    let process = try start(argv, environment: environment, directory: directory)
    let timer = DispatchWorkItem { [process] in if process.process.isRunning { process.process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
    let data = process.pipe.fileHandleForReading.readDataToEndOfFile()
    process.process.waitUntilExit()
    timer.cancel()
    let status = process.process.terminationReason == .uncaughtSignal ? 124 : process.process.terminationStatus
    return Result(status: status, output: String(decoding: data, as: UTF8.self))
  }

  struct Running {
    var process: Process
    var pipe: Pipe
  }

  static func start(_ argv: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Running {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: argv[0].contains("/") ? argv[0] : try which(argv[0]))
    process.arguments = Array(argv.dropFirst())
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    return Running(process: process, pipe: pipe)
  }

  static func which(_ name: String) throws -> String {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      let path = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
  }

  /// The built `gantry` executable, beside the test bundle.
  static var gantry: String {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    // The runner may sit inside `<name>.xctest/` or directly in the build folder.
    while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("gantry").path),
      folder.path != "/"
    {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("gantry").path
  }
}
