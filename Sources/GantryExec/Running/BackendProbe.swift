import Foundation
import GantryReport

/// Asks the docker client what it can do, before planning.
public enum BackendProbe {
  /// True when `<client> buildx version` exits 0 within `timeout` (a client that waits on an engine
  /// that never answers counts as no buildx).
  public static func hasBuildx(
    client: String, environment: [String: String], timeout: Duration = .seconds(15)
  ) async -> Bool {
    let result = await ProcessRunner(grace: .seconds(2)).capture(
      PipelineCommand(argv: [client, "buildx", "version"]), environment: environment,
      directory: FileManager.default.currentDirectoryPath, timeout: timeout)
    return result.outcome.succeeded
  }
}
