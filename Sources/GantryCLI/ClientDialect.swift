import Foundation
import GantryExec
import GantryInputs

/// Which ignore-file rules the `docker build` client applies: Docker 20.10 and older send the
/// context with their own rules; Docker 23 and later hand builds to buildx, with moby's.
enum ClientDialect {
  static func detect(client: String, environment: [String: String]) async -> IgnoreDialect {
    let log = NSTemporaryDirectory() + "gantry-client-\(UUID().uuidString.prefix(8)).log"
    defer { try? FileManager.default.removeItem(atPath: log) }
    // `docker --version` asks no engine: "Docker version 20.10.24+dfsg1, build 297e128".
    let outcome = await ProcessRunner(grace: .seconds(2)).run(
      argv: [client, "--version"], environment: environment, directory: FileManager.default.currentDirectoryPath,
      stdin: nil, logPath: log)
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    guard outcome.succeeded, let major = majorVersion(text) else { return .moby }
    return major < 23 ? .docker2010 : .moby
  }

  /// The major version in `Docker version 20.10.24+dfsg1, build …`.
  static func majorVersion(_ text: String) -> Int? {
    for line in text.split(separator: "\n") where line.hasPrefix("Docker version ") {
      let version = line.dropFirst("Docker version ".count)
      return Int(version.prefix { $0.isNumber })
    }
    return nil
  }
}
