import Foundation
import GantryReport
import Subprocess

#if canImport(System)
  import System
#else
  import SystemPackage
#endif

/// Asks the engine how big built images are (`<client> image inspect --format {{.Size}} <image>...`),
/// with the client and environment the jobs' builds used.
public struct ImageInspector: Sendable {
  /// The longest one inspection may take before it is given up (the size is then left out).
  public var timeout: Duration

  public init(timeout: Duration = .seconds(15)) {
    self.timeout = timeout
  }

  /// The images' sizes in bytes, in the order named, or nil when the engine does not say for
  /// every one (an image is missing, the engine is unreachable).
  /// - Parameter argv: `<client> [--context NAME] image inspect --format {{.Size}} <image>...`.
  public func sizes(argv: [String], environment: [String: String], directory: String) async -> [Int64]? {
    guard let output = await run(argv: argv, environment: environment, directory: directory) else { return nil }
    var sizes: [Int64] = []
    for line in output.split(whereSeparator: \.isNewline) {
      guard let size = Int64(line.trimmingCharacters(in: .whitespaces)) else { return nil }
      sizes.append(size)
    }
    return sizes
  }

  /// Standard output of a short command that exited 0, or nil (failure, timeout, not startable).
  func run(argv: [String], environment: [String: String], directory: String) async -> String? {
    let timeout = self.timeout
    // Whichever ends first wins: the command, or the timer (nil); the other is cancelled.
    return await withTaskGroup(of: String?.self) { group in
      group.addTask { await Self.collect(argv: argv, environment: environment, directory: directory) }
      group.addTask {
        try? await Task.sleep(for: timeout)
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
  }

  static func collect(argv: [String], environment: [String: String], directory: String) async -> String? {
    guard let executable = argv.first else { return nil }
    var variables: [Environment.Key: String] = [:]
    for (name, value) in environment {
      if let key = Environment.Key(rawValue: name) { variables[key] = value }
    }
    var options = PlatformOptions()
    options.teardownSequence = [.send(signal: .kill, allowedDurationToNextStep: .seconds(1))]
    do {
      let result = try await Subprocess.run(
        executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
        arguments: Arguments(Array(argv.dropFirst())), environment: .custom(variables),
        workingDirectory: FilePath(directory), platformOptions: options, output: .string(limit: 1 << 20))
      guard case .exited(0) = result.terminationStatus else { return nil }
      return result.standardOutput
    } catch {
      return nil
    }
  }
}
