import Foundation
import GantryInputs

/// Which ignore-file rules the `docker build` client applies: Docker 20.10 and older send the
/// context with their own rules; Docker 23 and later hand builds to buildx, with moby's.
public enum ClientDialect {
  /// The rules of the client that sends a build's context for `backend`: buildx and command
  /// templates use moby's; the docker backend those of the client's version.
  public static func detect(client: String, environment: [String: String]) async -> IgnoreDialect {
    // `docker --version` asks no engine: "Docker version 20.10.24+dfsg1, build 297e128".
    let result = await ProcessRunner(grace: .seconds(2)).capture(
      PipelineCommand(argv: [client, "--version"]), environment: environment,
      directory: FileManager.default.currentDirectoryPath, timeout: .seconds(15))
    guard result.outcome.succeeded, let major = majorVersion(result.standardOutput) else { return .moby }
    return major < 23 ? .docker2010 : .moby
  }

  /// The major version in `Docker version 20.10.24+dfsg1, build …`.
  public static func majorVersion(_ text: String) -> Int? {
    for line in text.split(separator: "\n") where line.hasPrefix("Docker version ") {
      let version = line.dropFirst("Docker version ".count)
      return Int(version.prefix { $0.isNumber })
    }
    return nil
  }
}
