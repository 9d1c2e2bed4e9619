import Foundation
import GantryReport

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
    let result = await ProcessRunner(grace: .seconds(1)).capture(
      PipelineCommand(argv: argv), environment: environment, directory: directory, timeout: timeout)
    return result.outcome.succeeded ? result.standardOutput : nil
  }
}
