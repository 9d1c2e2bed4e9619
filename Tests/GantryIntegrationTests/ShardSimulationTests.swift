import Foundation
import GantryTestSupport
import Testing

/// The registry `make test` starts (scripts/docker-sandbox.sh registry start): `GANTRY_REGISTRY`.
enum Registry {
  static let host = ProcessInfo.processInfo.environment["GANTRY_REGISTRY"]

  /// Why the registry cannot be used, or nil when it answers.
  static let unavailableReason: String? = {
    if let reason = Engine.unavailableReason { return reason }
    guard let host else {
      return
        "GANTRY_REGISTRY is not set (make test starts the sandbox registry: scripts/docker-sandbox.sh registry start)"
    }
    let answer = try? Command.runBlocking(
      ["python3", "-c", "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)", "http://\(host)/v2/"],
      timeout: 20)
    return answer?.status == 0 ? nil : "no registry answers at http://\(host)/v2/"
  }()

  static let shouldRun: Bool = {
    if let reason = unavailableReason {
      print("gantry registry tests: \(Engine.required ? "REQUIRED but " : "skipped: ")\(reason)")
      return Engine.required
    }
    return true
  }()

  static func check() throws {
    if let reason = unavailableReason { throw Engine.EngineMissing(reason: reason) }
  }
}

/// CI on one machine: `gantry ci matrix`, then each shard run on a wiped engine one after another
/// against a real registry (Debian's docker-registry), then `gantry report merge` — compared with
/// one `gantry build` of the same repository.
@Suite(.serialized, .enabled(if: Registry.shouldRun, "needs a Docker engine and a registry (make test starts both)"))
struct ShardSimulationTests {
  static let services = ["base", "tool", "api", "web", "worker", "ml", "gateway"]

  /// A base image, four services on it, one that stands alone, and a gateway FROM api with a file
  /// COPY'd from web's image: two waves when split into three shards.
  static func repository(prefix: String) throws -> String {
    let root = try Fixtures.temporaryFolder("shards")
    var files = [
      "base/Dockerfile": "FROM local/busybox:1\nRUN echo base > /base.txt\n",
      "tool/Dockerfile": "FROM local/busybox:1\nRUN echo tool > /service.txt\n",
      "gateway/Dockerfile":
        "FROM \(prefix)/api:1\nCOPY --from=\(prefix)/web:1 /service.txt /web.txt\nRUN echo gateway > /service.txt\n",
    ]
    for service in ["api", "web", "worker", "ml"] {
      files["\(service)/Dockerfile"] = "FROM \(prefix)/base:1\nRUN echo \(service) > /service.txt\n"
    }
    files["gantry.yml"] =
      "defaults:\n  cache: inline\nservices:\n"
      + services.map { "  \($0): {context: \($0), image: \(prefix)/\($0):1}\n" }.joined()
    try Fixtures.write(files, into: root)
    return root
  }

  static func gantry(_ arguments: [String], in root: String) async throws -> Command.Result {
    try await Command.run([Command.gantry] + arguments, directory: root, timeout: 600)
  }

  static func tags(_ prefix: String) -> [String] { services.map { "\(prefix)/\($0):1" } }

  static func exists(_ image: String) async throws -> Bool {
    try await Engine.docker(["image", "inspect", "--format", "{{.Id}}", image]).status == 0
  }

  static func layers(_ image: String) async throws -> Int {
    let result = try await Engine.docker(["image", "inspect", "--format", "{{len .RootFS.Layers}}", image])
    return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
  }

  @Test func shardsRunOneAfterAnotherBuildEveryImageOnceAndMatchOneBuild() async throws {
    try Registry.check()
    let host = try #require(Registry.host)
    let prefix = "\(host)/gantry-shards-\(UUID().uuidString.prefix(8).lowercased())"
    let root = try Self.repository(prefix: prefix)
    let single = "gantry-single-\(UUID().uuidString.prefix(8).lowercased())"
    let singleRoot = try Self.repository(prefix: single)
    defer {
      Engine.removeImages(Self.tags(prefix) + Self.tags(single))
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: singleRoot)
    }

    let matrix = try await Self.gantry(
      ["ci", "matrix", "--shards", "3", "--format", "json", "--backend", "docker"], in: root)
    #expect(matrix.status == 0, "\(matrix)")
    let partition = try #require(try JSONSerialization.jsonObject(with: Data(matrix.stdout.utf8)) as? [String: Any])
    let id = try #require(partition["id"] as? String)
    let shards = try #require(partition["shards"] as? [[String: Any]])
    #expect(partition["waves"] as? Int == 2, "\(matrix.stdout)")
    #expect(shards.filter { ($0["jobs"] as? [String])?.isEmpty == false }.count == 3)

    // Each shard on a wiped engine, as on a fresh CI runner: what it needs comes from the registry.
    var reports: [String] = []
    for (offset, shard) in shards.enumerated() {
      Engine.removeImages(Self.tags(prefix))
      let folder = "\(root)/reports/shard-\(offset + 1)"
      let result = try await Self.gantry(
        [
          "build", "--shard", "\(offset + 1)/3", "--partition-id", id, "--backend", "docker", "--docker", Engine.client,
          "--report-dir", folder, "--progress", "plain", "--push-all",
        ], in: root)
      #expect(result.status == 0, "shard \(offset + 1): \(result)")
      reports.append(folder)
      // The shard built its own images only (upstream ones BuildKit pulls into its cache, not
      // into the image store).
      let jobs = Set(shard["jobs"] as? [String] ?? [])
      for service in Self.services {
        let image = "\(prefix)/\(service):1"
        #expect(try await Self.exists(image) == jobs.contains(service), "shard \(offset + 1): \(image)")
      }
    }

    // Every image built exactly once, across the shards.
    var built: [String] = []
    for folder in reports {
      let report =
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any]
      let jobs = report?["jobs"] as? [[String: Any]] ?? []
      #expect(jobs.allSatisfy { $0["status"] as? String == "built" })
      built += jobs.compactMap { $0["id"] as? String }
    }
    #expect(built.sorted() == Self.services.sorted())

    // A second round of the same shards, each again on a wiped engine with its state gone, as on
    // fresh CI runners: every image is found in the registry with its inputs, nothing is built.
    for offset in shards.indices {
      Engine.removeImages(Self.tags(prefix))
      try? FileManager.default.removeItem(atPath: root + "/.gantry")
      let folder = "\(root)/reports/again-\(offset + 1)"
      let again = try await Self.gantry(
        [
          "build", "--shard", "\(offset + 1)/3", "--partition-id", id, "--backend", "docker", "--docker", Engine.client,
          "--report-dir", folder, "--progress", "plain",
        ], in: root)
      #expect(again.status == 0, "second round, shard \(offset + 1): \(again)")
      let jobs =
        (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
        as? [String: Any])?["jobs"] as? [[String: Any]] ?? []
      #expect(
        jobs.allSatisfy { $0["status"] as? String == "up_to_date" }, "second round, shard \(offset + 1): \(jobs)")
    }

    let merged = try await Self.gantry(["report", "merge", "--output", "merged"] + reports, in: root)
    #expect(merged.status == 0, "\(merged)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/merged/report.json")))
        as? [String: Any])
    let run = try #require(report["run"] as? [String: Any])
    #expect(run["status"] as? String == "succeeded")
    #expect((run["merged_shards"] as? [[String: Any]])?.map { $0["status"] as? String } == ["ran", "ran", "ran"])
    #expect((report["jobs"] as? [[String: Any]])?.count == Self.services.count)
    for format in ["report.csv", "junit.xml", "summary.md", "trace.json", "report.html"] {
      #expect(FileManager.default.fileExists(atPath: root + "/merged/" + format), "\(format)")
    }

    // The registry holds every image; pulled onto a wiped engine they are what one build makes.
    let one = try await Self.gantry(
      ["build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain"], in: singleRoot)
    #expect(one.status == 0, "\(one)")
    Engine.removeImages(Self.tags(prefix))
    for service in Self.services {
      let image = "\(prefix)/\(service):1"
      let pull = try await Engine.docker(["pull", image])
      #expect(pull.status == 0, "\(pull)")
      let other = "\(single)/\(service):1"
      #expect(try await Self.layers(image) == Self.layers(other), "\(service)")
      for file in ["/base.txt", "/service.txt", "/web.txt"] {
        #expect(try await Engine.file(file, in: image) == Engine.file(file, in: other), "\(service) \(file)")
      }
    }
    #expect(try await Engine.file("/web.txt", in: "\(prefix)/gateway:1") == "web\n")
  }

  @Test func aRegistryThatRefusesPushesFailsTheShardWithExitOne() async throws {
    try Engine.check()
    // Nothing listens on port 9: the hand-off push cannot succeed.
    let prefix = "127.0.0.1:9/gantry-refused-\(UUID().uuidString.prefix(8).lowercased())"
    let root = try Self.repository(prefix: prefix)
    defer {
      Engine.removeImages(Self.tags(prefix))
      try? FileManager.default.removeItem(atPath: root)
    }
    let matrix = try await Self.gantry(
      ["ci", "matrix", "--shards", "3", "--format", "json", "--backend", "docker"], in: root)
    let partition = try #require(try JSONSerialization.jsonObject(with: Data(matrix.stdout.utf8)) as? [String: Any])
    let first = try #require((partition["shards"] as? [[String: Any]])?.first)
    #expect(first["wave"] as? Int == 1)
    let result = try await Self.gantry(
      ["build", "--shard", "1/3", "--backend", "docker", "--docker", Engine.client, "--progress", "plain"], in: root)
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("error: could not push \(prefix)/base:1"), "\(result.stderr)")
    #expect(result.stderr.contains("hint: later shards pull these images"))
  }
}
