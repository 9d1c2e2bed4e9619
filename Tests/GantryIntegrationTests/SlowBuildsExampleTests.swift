import Foundation
import GantryTestSupport
import Testing

/// examples/slow-builds: `gantry audit` reports each rule at its line; exit statuses; SARIF.
@Suite struct SlowBuildsAuditTests {
  static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../examples/slow-builds").standardizedFileURL.path

  /// A copy of the example (so --fix and the stat cache touch nothing in the repository), its
  /// images renamed under a prefix of this test's own.
  static func copy(prefix: String = "gt\(UUID().uuidString.prefix(8).lowercased())") throws -> (
    root: String, prefix: String
  ) {
    let root = try Fixtures.temporaryFolder("slow-builds")
    try FileManager.default.removeItem(atPath: root)
    try FileManager.default.copyItem(atPath: example, toPath: root)
    try? FileManager.default.removeItem(atPath: root + "/.gantry")
    let walker = FileManager.default.enumerator(atPath: root)
    while let path = walker?.nextObject() as? String {
      let full = root + "/" + path
      guard path.hasSuffix("Dockerfile") || path.hasSuffix("gantry.yml"),
        let text = try? String(contentsOfFile: full, encoding: .utf8)
      else { continue }
      try text.replacingOccurrences(of: "slow-builds/", with: prefix + "/").write(
        toFile: full, atomically: true, encoding: .utf8)
    }
    return (root, prefix)
  }

  @Test func everyRuleIsReportedAtItsLine() async throws {
    let (root, _) = try Self.copy(prefix: "slow-builds")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let result = try await Command.run([Command.gantry, "audit", "--format", "json"], directory: root)
    #expect(result.status == 0, "\(result)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let findings = try #require(json["findings"] as? [[String: Any]])
    let seen = Set(
      findings.map { "\($0["rule"] as? String ?? "") \($0["file"] as? String ?? ""):\($0["line"] as? Int ?? 0)" })
    let expected: Set<String> = [
      "context-no-ignore-file gantry.yml:20",
      "context-unread-files gantry.yml:20",
      "layer-order services/web/Dockerfile:3",
      "cache-mount services/web/Dockerfile:4",
      "context-unread-files services/api/.dockerignore:2",
      "secret-in-arg-env services/api/Dockerfile:2",
      "apt-update-separate services/api/Dockerfile:3",
      "apt-no-install-recommends services/api/Dockerfile:4",
      "apt-lists-cleanup services/api/Dockerfile:4",
      "cache-mount services/api/Dockerfile:4",
      "layer-order services/api/Dockerfile:6",
      "cache-mount services/api/Dockerfile:7",
      "cross-compile services/edge/Dockerfile:1",
      "final-stage-full-distribution services/edge/Dockerfile:1",
      "final-stage-toolchain services/edge/Dockerfile:6",
      "add-remote-url services/worker/Dockerfile:11",
      "final-stage-full-distribution services/worker/Dockerfile:13",
      "unpinned-base-image services/worker/Dockerfile:13",
      "apt-keep-cache services/worker/Dockerfile:14",
    ]
    #expect(expected.isSubset(of: seen), "missing: \(expected.subtracting(seen).sorted())")
    // Every rule but the history ones (which need recorded builds) is shown.
    let rules = Set(findings.compactMap { $0["rule"] as? String })
    let dockerfileAndContextRules: Set<String> = [
      "context-no-ignore-file", "context-unread-files", "layer-order", "cache-mount", "apt-keep-cache",
      "final-stage-toolchain", "final-stage-full-distribution", "cross-compile", "unpinned-base-image",
      "apt-update-separate", "apt-no-install-recommends", "apt-lists-cleanup", "add-remote-url", "secret-in-arg-env",
    ]
    #expect(rules == dockerfileAndContextRules)
  }

  @Test func failOnSetsTheExitStatusAndSARIFGoesToStdout() async throws {
    let (root, _) = try Self.copy(prefix: "slow-builds")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let errors = try await Command.run([Command.gantry, "audit", "--fail-on", "error"], directory: root)
    #expect(errors.status == 1, "secret-in-arg-env is an error: \(errors)")
    let onlyWeb = try await Command.run(
      [Command.gantry, "audit", "web", "--fail-on", "error"], directory: root)
    #expect(onlyWeb.status == 0, "web has warnings and notes only: \(onlyWeb)")
    #expect(onlyWeb.stdout.contains("web: 4 findings"))
    let unknown = try await Command.run([Command.gantry, "audit", "wbe"], directory: root)
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("no service 'wbe'"))
    let sarif = try await Command.run([Command.gantry, "audit", "--format", "sarif"], directory: root)
    #expect(sarif.status == 0)
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
  }

  @Test func fixOnACopyLeavesNoContextOrLayerOrderFinding() async throws {
    let (root, _) = try Self.copy()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let fixed = try await Command.run([Command.gantry, "audit", "--fix", "--format", "json"], directory: root)
    #expect(fixed.status == 0, "\(fixed)")
    #expect(fixed.stderr.contains("fixed: services/web/.dockerignore"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any])
    let rules = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
    #expect(!rules.contains("layer-order"))
    #expect(!rules.contains("context-unread-files"))
    let webFindings = (json["findings"] as? [[String: Any]] ?? []).filter { $0["service"] as? String == "web" }
    #expect(!webFindings.contains { $0["rule"] as? String == "context-no-ignore-file" })
    let web = try String(contentsOfFile: root + "/services/web/Dockerfile", encoding: .utf8)
    #expect(web.contains("COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"))
    let api = try String(contentsOfFile: root + "/services/api/Dockerfile", encoding: .utf8)
    #expect(api.contains("COPY requirements.txt /srv/\nRUN pip install -r requirements.txt\nCOPY . /srv\n"))
  }
}

/// The before/after of the context and layer-order fixes on the real engine, with `gantry measure`.
@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct SlowBuildsMeasureTests {
  struct Table: Decodable {
    struct Row: Decodable {
      var service: String
      var stage: String
      var scenario: String
      var seconds: Double
      var image_bytes: Int64?
      var touched: String?
    }
    var rows: [Row]
    func row(_ scenario: String) -> Row? { rows.first { $0.scenario == scenario } }
  }

  struct Report: Decodable {
    struct Job: Decodable {
      var id: String
      var context_bytes: Int64?
    }
    var jobs: [Job]
  }

  /// What a local `npm install` leaves: 8 MiB in 160 files under node_modules.
  static func installDependencies(in root: String) throws {
    for index in 0..<160 {
      let folder = root + "/services/web/node_modules/dep\(index / 20)/lib"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let bytes = Data((0..<(52_428)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) })
      try bytes.write(to: URL(fileURLWithPath: folder + "/file\(index).js"))
    }
  }

  func measure(_ root: String) async throws -> (Table, Int64?) {
    let result = try await Command.run(
      [
        Command.gantry, "measure", "web", "--scenarios", "cold,incremental", "--touch", "services/web/src/routes.js",
        "--format", "json", "--backend", "docker", "--docker", Engine.client, "--platform", "linux/amd64",
      ], directory: root, timeout: 900)
    #expect(result.status == 0, "\(result)")
    let table = try JSONDecoder().decode(Table.self, from: Data(result.stdout.utf8))
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.gantry/runs/latest/report.json"))
    let report = try JSONDecoder().decode(Report.self, from: data)
    return (table, report.jobs.first?.context_bytes)
  }

  @Test func theFixesShrinkTheContextAndTheImageAndSpeedUpTheIncrementalBuild() async throws {
    try Engine.check()
    let (root, prefix) = try SlowBuildsAuditTests.copy()
    let images = [
      "debian:12", "debian:latest", "node:20.11", "python:3.12", "golang:1.22", "rust:1.79", "web:1", "web:1",
    ]
    .map { "\(prefix)/\($0)" }
    defer {
      Engine.removeImages(images)
      try? FileManager.default.removeItem(atPath: root)
    }
    try Self.installDependencies(in: root)
    let original = try Data(contentsOf: URL(fileURLWithPath: root + "/services/web/src/routes.js"))

    let (before, contextBefore) = try await measure(root)
    // The context the client sends now and with the proposed ignore lines (the exact matcher).
    let audit = try await Command.run([Command.gantry, "audit", "web", "--format", "json"], directory: root)
    let summary = try #require(
      (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    let context = try #require((summary["context"] as? [[String: Any]])?.first)
    let sentBefore = try #require(context["bytes_before"] as? Int)
    let sentAfter = try #require(context["bytes_after"] as? Int)
    let fixed = try await Command.run([Command.gantry, "audit", "web", "--fix"], directory: root)
    #expect(fixed.status == 0, "\(fixed)")
    let (after, contextAfter) = try await measure(root)

    #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/services/web/src/routes.js")) == original)
    let incrementalBefore = try #require(before.row("incremental")).seconds
    let incrementalAfter = try #require(after.row("incremental")).seconds
    let sizeBefore = try #require(before.row("cold")?.image_bytes)
    let sizeAfter = try #require(after.row("cold")?.image_bytes)
    print(
      """
      slow-builds web, before → after gantry audit --fix:
        context sent (gantry audit, exact matcher): \(sentBefore) → \(sentAfter) bytes
        context transferred by BuildKit for the incremental build: \(contextBefore.map(String.init) ?? "–") → \(contextAfter.map(String.init) ?? "–") bytes
        cold build: \(before.row("cold")?.seconds ?? 0)s → \(after.row("cold")?.seconds ?? 0)s
        incremental build (one source file changed): \(incrementalBefore)s → \(incrementalAfter)s
        image size: \(sizeBefore) → \(sizeAfter) bytes
      """)
    // npm ci (4 s in the stand-in) no longer reruns when a source file changes.
    #expect(incrementalAfter + 2.5 < incrementalBefore)
    #expect(sizeAfter + 8_000_000 < sizeBefore, "node_modules from the context is no longer in the image")
    #expect(sentAfter + 8_000_000 < sentBefore)
    if let contextBefore, let contextAfter { #expect(contextAfter < contextBefore) }
  }

  @Test func ctrlCDuringTheIncrementalBuildRestoresTheFile() async throws {
    try Engine.check()
    let (root, prefix) = try SlowBuildsAuditTests.copy()
    defer {
      Engine.removeImages(
        ["debian:12", "debian:latest", "node:20.11", "python:3.12", "golang:1.22", "rust:1.79", "web:1"].map {
          "\(prefix)/\($0)"
        })
      try? FileManager.default.removeItem(atPath: root)
    }
    let file = root + "/services/web/src/routes.js"
    let original = try Data(contentsOf: URL(fileURLWithPath: file))
    let running = try Command.start(
      [
        Command.gantry, "measure", "web", "--scenarios", "incremental", "--touch", "services/web/src/routes.js",
        "--backend", "docker", "--docker", Engine.client, "--platform", "linux/amd64",
      ], directory: root)
    // The file changes once the incremental build starts; stop gantry while that build runs.
    let changed = await Poll.until(timeout: 600) {
      (try? Data(contentsOf: URL(fileURLWithPath: file))) != original
    }
    #expect(changed)
    running.signal(SIGINT)
    let result = await running.result(timeout: 300)
    #expect(result.status == 130, "\(result)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == original)
    #expect(!FileManager.default.fileExists(atPath: root + "/.gantry/measure/touched.path"))
  }
}
