import Foundation
import GantryTestSupport

/// The Docker engine the integration tests build on: the one `DOCKER_HOST` names (`make test` starts
/// the sandbox engine and exports it). Without one the tests are skipped, with the reason printed;
/// with `GANTRY_REQUIRE_ENGINE=1` (CI) they run anyway and fail.
enum Engine {
  static let environment = ProcessInfo.processInfo.environment

  /// The docker client: `GANTRY_DOCKER`, else Debian's `/usr/bin/docker`, else `docker` on PATH.
  static let client: String = {
    if let named = environment["GANTRY_DOCKER"] { return named }
    return FileManager.default.isExecutableFile(atPath: "/usr/bin/docker") ? "/usr/bin/docker" : "docker"
  }()

  static let required = environment["GANTRY_REQUIRE_ENGINE"] == "1"

  /// Why the engine cannot be used, or nil when it answers.
  static let unavailableReason: String? = {
    if environment["GANTRY_SKIP_ENGINE"] == "1" { return "GANTRY_SKIP_ENGINE=1" }
    guard environment["DOCKER_HOST"] != nil else {
      return "DOCKER_HOST is not set (run the tests with `make test`, which starts a sandbox engine)"
    }
    let result = try? Command.runBlocking([client, "version", "--format", "{{.Server.Version}}"], timeout: 60)
    guard let result, result.status == 0 else {
      return
        "no engine answers at \(environment["DOCKER_HOST"] ?? "") (\(result?.stderr.suffix(200) ?? "client not found"))"
    }
    let base = try? Command.runBlocking([client, "image", "inspect", "local/busybox:1"], timeout: 60)
    guard base?.status == 0 else {
      return "the base image local/busybox:1 is missing (scripts/docker-sandbox.sh start imports it)"
    }
    return nil
  }()

  /// Run the real-engine tests when an engine answers, or when CI requires one (then they fail without it).
  static let shouldRun: Bool = {
    if let reason = unavailableReason {
      print("gantry integration tests: \(required ? "REQUIRED but " : "skipped: ")\(reason)")
      return required
    }
    return true
  }()

  /// Fails the test with the reason when the engine is required but missing.
  static func check() throws {
    if let reason = unavailableReason { throw EngineMissing(reason: reason) }
  }

  /// A docker command succeeded but printed something other than what it documents.
  struct UnexpectedOutput: Error, CustomStringConvertible {
    var command: String
    var result: Command.Result
    var description: String { "\(command): unexpected output\n\(result)" }
  }

  struct EngineMissing: Error, CustomStringConvertible {
    var reason: String
    var description: String { "a Docker engine is required (GANTRY_REQUIRE_ENGINE=1) but: \(reason)" }
  }

  /// Runs the docker client on the test engine (bounded: a client call that hangs fails the test).
  static func docker(_ arguments: [String], timeout: Double = 180) async throws -> Command.Result {
    try await Command.run([client] + arguments, environment: ["DOCKER_BUILDKIT": "1"], timeout: timeout)
  }

  /// Removes images (blocking: it runs in `defer`, where nothing can be awaited).
  static func removeImages(_ tags: [String]) {
    _ = try? Command.runBlocking(
      [client, "image", "rm", "-f"] + tags, environment: ["DOCKER_BUILDKIT": "1"], timeout: 180)
  }

  /// The content of a file inside an image (`docker create` + `docker cp`); nil when the image or
  /// the file is not there.
  ///
  /// The container id is standard output; the client warns on standard error (IPv4 forwarding
  /// disabled, an image for another platform variant), which is no part of it.
  static func file(_ path: String, in image: String) async throws -> String? {
    let created = try await docker(["create", image, "/bin/true"])
    guard created.status == 0 else { return nil }
    let container = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    guard container.count == 64, container.allSatisfy(\.isHexDigit) else {
      throw UnexpectedOutput(command: "docker create \(image)", result: created)
    }
    defer { _ = try? Command.runBlocking([client, "rm", "-f", container], timeout: 180) }
    let target = NSTemporaryDirectory() + "gantry-cp-\(UUID().uuidString.prefix(8))"
    defer { try? FileManager.default.removeItem(atPath: target) }
    guard try await docker(["cp", "\(container):\(path)", target]).status == 0 else { return nil }
    return try String(contentsOfFile: target, encoding: .utf8)
  }
}
