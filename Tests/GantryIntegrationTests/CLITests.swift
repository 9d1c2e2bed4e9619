import Foundation
import GantryTestSupport
import Testing

/// The `gantry` executable as a user runs it: exit statuses, messages, help. No engine needed.
@Suite struct CLITests {
  func gantry(_ arguments: [String], in directory: String) async throws -> Command.Result {
    try await Command.run([Command.gantry] + arguments, directory: directory)
  }

  @Test func badManifestExitsTwoWithEveryProblemAndItsLocation() async throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": "services:\n  api:\n    context: api\n    needs: [db]\n    tagz: [x]\n",
        "api/Dockerfile": "FROM busybox\n",
      ],
      into: root)
    let result = try await gantry(["plan"], in: root)
    #expect(result.status == 2)
    #expect(result.stderr.contains("gantry.yml:5:5: error: unknown key 'tagz' in service 'api'"))
    #expect(result.stderr.contains("hint: did you mean 'tags'?"))
    #expect(result.stderr.contains("gantry.yml:4:13: error: service 'api' needs 'db', which is not a service"))
    #expect(result.stderr.contains("2 errors found"))
  }

  @Test func noManifestExitsTwo() async throws {
    let root = try Fixtures.temporaryFolder()
    let result = try await gantry(["plan"], in: root)
    #expect(result.status == 2)
    #expect(result.stderr.contains("no gantry.yml, gantry.yaml or compose file"))
  }

  @Test func usageErrorsExitTwo() async throws {
    let root = try Fixtures.temporaryFolder()
    #expect(try await gantry(["plan", "--format", "yaml"], in: root).status == 2)
    #expect(try await gantry(["build", "-j", "0"], in: root).status == 2)
    #expect(try await gantry(["frobnicate"], in: root).status == 2)
  }

  @Test func helpAndVersionSucceed() async throws {
    let root = try Fixtures.temporaryFolder()
    let help = try await gantry(["build", "--help"], in: root)
    #expect(help.status == 0)
    #expect(help.stdout.contains("--keep-going"))
    #expect(help.stdout.contains("Examples:"))
    for command in ["plan", "graph"] {
      let result = try await gantry([command, "--help"], in: root)
      #expect(result.status == 0)
      #expect(result.stdout.contains("Examples:"))
    }
    let version = try await gantry(["--version"], in: root)
    #expect(version.status == 0)
    #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
  }

  @Test func planAndGraphWorkOnTheExample() async throws {
    let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../examples/monorepo").standardizedFileURL.path
    let plan = try await gantry(["plan", "--format", "json"], in: example)
    #expect(plan.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
    #expect((json?["order"] as? [String])?.first == "base")
    #expect((json?["jobs"] as? [[String: Any]])?.count == 8)
    let graph = try await gantry(["graph", "--format", "dot"], in: example)
    #expect(graph.status == 0)
    #expect(graph.stdout.contains("\"worker\" -> \"toolchain\" [label=\"RUN --mount from acme/toolchain:1\"];"))
  }

  @Test func planSelectsServicesAndTheirDependencies() async throws {
    let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../examples/monorepo").standardizedFileURL.path
    let result = try await gantry(["plan", "migrations", "--format", "json", "--backend", "docker"], in: example)
    #expect(result.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(Set(json?["order"] as? [String] ?? []) == ["base", "toolchain", "proto", "api", "migrations"])
    let unknown = try await gantry(["plan", "migration"], in: example)
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("did you mean 'migrations'?"))
  }

  /// `gantry graph SERVICE` on examples/multi-arch, where every service is built per platform (its
  /// jobs are `migrations@linux/arm64`, …): the graph shows the service and what it needs.
  @Test func graphOfAServiceBuiltPerPlatform() async throws {
    let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../examples/multi-arch").standardizedFileURL.path
    let root = try Fixtures.temporaryFolder()
    let graph = try await gantry(["graph", "-C", example, "migrations"], in: root)
    #expect(graph.status == 0, "\(graph)")
    let nodes = graph.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") && $0.hasSuffix("\";") }
    #expect(nodes == ["  \"api\";", "  \"migrations\";"], "\(graph)")
    #expect(graph.stdout.contains("\"migrations\" -> \"api\" [label=\"FROM acme/api:1\"];"), "\(graph)")
    let json = try await gantry(["graph", "-C", example, "migrations", "--format", "json"], in: root)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(object?["services"] as? [String] == ["api", "migrations"], "\(json)")

    // A name that is no service: exit 2 and the same message as plan and build give.
    let unknown = try await gantry(["graph", "-C", example, "migration"], in: root)
    #expect(unknown.status == 2, "\(unknown)")
    #expect(unknown.stdout.isEmpty)
    #expect(unknown.stderr.contains("error: no service named 'migration'"), "\(unknown)")
    #expect(unknown.stderr.contains("hint: did you mean 'migrations'?"), "\(unknown)")
    let plan = try await gantry(["plan", "-C", example, "migration"], in: root)
    #expect(plan.status == 2)
    #expect(plan.stderr == unknown.stderr)
  }
}
