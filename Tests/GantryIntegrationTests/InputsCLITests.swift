import Foundation
import GantryTestSupport
import Testing

/// `gantry inputs`: what a job reads and its digest, as the executable prints it.
@Suite struct InputsCLITests {
  /// Runs gantry with stdout and stderr kept apart.
  func gantry(_ arguments: [String], in directory: String) async throws -> Command.Result {
    try await Command.run([Command.gantry] + arguments, directory: directory, timeout: 300)
  }

  func inputs(_ job: String, in root: String, _ extra: [String] = []) async throws -> [String: Any] {
    let result = try await gantry(
      ["inputs", job, "--format", "json", "--backend", "docker", "--docker", Engine.client] + extra, in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try #require(object as? [String: Any])
  }

  /// Every entry sent, folders and links included.
  func paths(_ report: [String: Any]) -> [String] {
    ((report["entries"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
  }

  /// The regular files.
  func files(_ report: [String: Any]) -> [String] {
    ((report["files"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
  }

  func project(dockerfile: String = "FROM scratch\nCOPY . /\n") throws -> String {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": "services:\n  app:\n    context: app\n    args: {A: \"1\"}\n",
        "app/Dockerfile": dockerfile, "app/.dockerignore": "*.md\n!keep.md\n", "app/b.txt": "b", "app/a/x": "x",
        "app/README.md": "r", "app/keep.md": "k", "app/src/main.c": "int main;",
      ],
      into: root)
    return root
  }

  @Test func listsTheContextAsSentSortedAndRelativeWithTheDigest() async throws {
    let root = try project()
    let report = try await inputs("app", in: root)
    #expect(
      paths(report) == [".dockerignore", "Dockerfile", "a", "a/x", "b.txt", "keep.md", "src", "src/main.c"])
    #expect(files(report) == [".dockerignore", "Dockerfile", "a/x", "b.txt", "keep.md", "src/main.c"])
    #expect(report["id"] as? String == "app")
    #expect((report["inputs_digest"] as? String)?.hasPrefix("sha256:") == true)
    // The rules of the client that sends the context: Docker 20.10's own, or buildx's from 23 on.
    let version = try await Command.run([Engine.client, "--version"]).stdout
    let major = Int(version.split(separator: " ").dropFirst(2).first?.prefix { $0.isNumber } ?? "") ?? 0
    #expect(report["ignore_rules"] as? String == (major < 23 ? "docker-20.10" : "buildx"), "\(version)")
    #expect((report["build_args"] as? [String: String]) == ["A": "1"])
    let files = report["files"] as? [[String: Any]]
    #expect(
      files?.first { $0["path"] as? String == "b.txt" }?["sha256"] as? String
        == "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d")
  }

  @Test func anIgnoredFileDoesNotChangeTheDigestAnIncludedOneDoes() async throws {
    let root = try project()
    let first = try await inputs("app", in: root)["inputs_digest"] as? String
    try Fixtures.write(["app/README.md": "edited"], into: root)
    #expect(try await inputs("app", in: root)["inputs_digest"] as? String == first)
    try Fixtures.write(["app/b.txt": "edited"], into: root)
    #expect(try await inputs("app", in: root)["inputs_digest"] as? String != first)
    // The stat cache gives the same answer as reading everything.
    #expect(
      try await inputs("app", in: root)["inputs_digest"] as? String
        == inputs("app", in: root, ["--no-cache"])["inputs_digest"] as? String)
  }

  @Test func literalSourcesLimitTheFiles() async throws {
    let root = try project(dockerfile: "FROM scratch\nCOPY src /src\n")
    let report = try await inputs("app", in: root)
    #expect(paths(report) == ["src", "src/main.c"])
    #expect(report["narrowed_to"] as? [String] == ["src"])
    let first = report["inputs_digest"] as? String
    try Fixtures.write(["app/b.txt": "edited"], into: root)
    #expect(try await inputs("app", in: root)["inputs_digest"] as? String == first)
  }

  @Test func unknownJobsAndPerPlatformServicesExitTwoNamingTheJobs() async throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml":
          "services:\n  app:\n    context: app\n    platforms: [linux/amd64, linux/arm64]\n    split: always\n",
        "app/Dockerfile": "FROM scratch\nCOPY . /\n",
      ],
      into: root)
    let plain = try await gantry(["inputs", "app", "--backend", "buildx"], in: root)
    #expect(plain.status == 2)
    #expect(plain.stderr.contains("app@linux/amd64, app@linux/arm64"))
    let one = try await gantry(["inputs", "app@linux/arm64", "--format", "json", "--backend", "buildx"], in: root)
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout.contains("\"id\" : \"app@linux/arm64\""))
    #expect(try await gantry(["inputs", "nope"], in: root).status == 2)
  }

  @Test func anInvalidIgnoreFileIsAnErrorAtItsLine() async throws {
    let root = try project()
    try Fixtures.write(["app/.dockerignore": "ok\n[abc\n"], into: root)
    let result = try await gantry(["inputs", "app", "--backend", "docker"], in: root)
    #expect(result.status == 2)
    #expect(result.stderr.contains("app/.dockerignore:2:1: error: syntax error in pattern '[abc'"))
  }

  /// The same project built by the engine: `COPY . /` holds exactly the files `gantry inputs` lists.
  @Test(.enabled(if: Engine.shouldRun))
  func theEngineCopiesExactlyTheListedFiles() async throws {
    try Engine.check()
    let root = try project()
    let output = root + "/out"
    let build = try await Engine.docker(["build", "-q", "-o", "type=local,dest=\(output)", root + "/app"])
    #expect(build.status == 0, "\(build.stderr)")
    let listed = paths(try await inputs("app", in: root))
    var copied: [String] = []
    let walker = FileManager.default.enumerator(atPath: output)
    while let path = walker?.nextObject() as? String { copied.append(path) }
    #expect(copied.sorted() == listed.sorted())
  }
}
