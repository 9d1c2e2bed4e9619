import Foundation
import GantryReport

/// Asks the docker client what it can do, before planning.
public enum BackendProbe {
  /// True when `<client> buildx version` exits 0.
  public static func hasBuildx(client: String, environment: [String: String]) async -> Bool {
    let log = NSTemporaryDirectory() + "gantry-probe-\(UUID().uuidString.prefix(8)).log"
    defer { try? FileManager.default.removeItem(atPath: log) }
    let outcome = await ProcessRunner(grace: .seconds(2)).run(
      argv: [client, "buildx", "version"], environment: environment,
      directory: FileManager.default.currentDirectoryPath,
      stdin: nil, logPath: log)
    return outcome.succeeded
  }
}
