import Foundation
import GantryTestSupport
import Testing

/// `gantry build` against an engine that accepts connections and never answers: it must stop on
/// its own, naming the endpoint, instead of hanging (the docker client itself waits forever).
@Suite struct PreflightCLITests {
  func repository() throws -> String {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": "services:\n  api:\n    context: api\n    image: preflight/api:1\n",
        "api/Dockerfile": "FROM local/busybox:1\n",
      ], into: root)
    return root
  }

  @Test(arguments: [["--backend", "docker"], []])
  func aBuildAgainstAnEngineThatNeverAnswersStopsNamingIt(backend: [String]) async throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/docker") else {
      if Tools.required { Issue.record("/usr/bin/docker is missing (scripts/docker-sandbox.sh installs it)") }
      print("PreflightCLITests: skipped, /usr/bin/docker is missing")
      return
    }
    let root = try repository()
    let socket = try SilentSocket(in: root)
    let result = try await Command.run(
      [Command.gantry, "build", "--progress", "plain", "--docker", "/usr/bin/docker"] + backend,
      environment: ["DOCKER_HOST": "unix://\(socket.path)"], directory: root, timeout: 120)
    #expect(!result.timedOut, "gantry hung: \(result)")
    #expect(result.status == 1, "\(result)")
    #expect(
      result.stderr.contains("error: the engine at DOCKER_HOST=unix://\(socket.path) did not answer within 15.0s"),
      "\(result)")
    #expect(result.stderr.contains("hint: check that the engine is running and reachable"))
    #expect(!FileManager.default.fileExists(atPath: root + "/.gantry/runs/latest"), "no build ran")
  }
}
