import Foundation
import GantryTestSupport

/// A second engine of a test's own, beside the default one (scripts/docker-sandbox.sh).
///
/// Its name is unique to the test run: engineers and CI runs share the machine, and a run that
/// stopped an engine under a shared name (as `multiarch` once was) broke another run's builds in
/// the middle. The test stops it and removes its state when done.
struct SandboxEngine {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../scripts/docker-sandbox.sh").standardizedFileURL.path

  let name: String
  /// Its DOCKER_HOST.
  let host: String

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Starts an engine named `<purpose>-<random>`.
  static func start(_ purpose: String) async throws -> SandboxEngine {
    let name = "\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
    let engine = SandboxEngine(name: name, host: try await host(of: name))
    try await engine.start()
    return engine
  }

  static func host(of name: String) async throws -> String {
    let result = try await Command.run([script, "host", "--name", name], timeout: 60)
    guard result.status == 0 else { throw Failure(description: "no host for sandbox \(name): \(result)") }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Starts it (again); a loaded machine may take minutes.
  func start() async throws {
    let started = try await Command.run([Self.script, "start", "--name", name], timeout: 300)
    guard started.status == 0 else { throw Failure(description: "could not start engine \(name): \(started)") }
  }

  func stop() async throws {
    let stopped = try await Command.run([Self.script, "stop", "--name", name], timeout: 120)
    guard stopped.status == 0 else { throw Failure(description: "could not stop engine \(name): \(stopped)") }
  }

  /// Stops it and removes its state folder (blocking: for `defer`). Nothing is removed while
  /// anything below the folder is still mounted.
  func remove() {
    guard (try? Command.runBlocking([Self.script, "stop", "--name", name], timeout: 120))?.status == 0 else { return }
    let root = ProcessInfo.processInfo.environment["GANTRY_SANDBOX_DIR"] ?? "/tmp/gantry-sandbox"
    let folder = "\(root)/\(name)"
    let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
    guard !mounts.contains(" \(folder)/") else { return }
    try? FileManager.default.removeItem(atPath: folder)
  }
}
