import Foundation
import GantryTestSupport
import Testing

/// `gantry inputs`: what a job reads and its digest, as the executable prints it.
@Suite struct InputsCLITests {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs gantry with stdout and stderr kept apart.
  func gantry(_ arguments: [String], in directory: String) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Command.gantry)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let errReader = Thread { _ = err.fileHandleForReading.readDataToEndOfFile() }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    _ = errReader
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  func inputs(_ job: String, in root: String, _ extra: [String] = []) throws -> [String: Any] {
    let result = try gantry(["inputs", job, "--format", "json", "--backend", "docker"] + extra, in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try #require(object as? [String: Any])
  }

  func paths(_ report: [String: Any]) -> [String] {
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

  @Test func listsTheContextAsSentSortedAndRelativeWithTheDigest() throws {
    let root = try project()
    let report = try inputs("app", in: root)
    #expect(
      paths(report) == [".dockerignore", "Dockerfile", "a", "a/x", "b.txt", "keep.md", "src", "src/main.c"])
    #expect(report["id"] as? String == "app")
    #expect((report["inputs_digest"] as? String)?.hasPrefix("sha256:") == true)
    #expect(report["ignore_rules"] as? String == "docker-20.10")
    #expect((report["build_args"] as? [String: String]) == ["A": "1"])
    let files = report["files"] as? [[String: Any]]
    #expect(files?.first { $0["path"] as? String == "b.txt" }?["sha256"] as? String
      == "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d")
  }

  @Test func anIgnoredFileDoesNotChangeTheDigestAnIncludedOneDoes() throws {
    let root = try project()
    let first = try inputs("app", in: root)["inputs_digest"] as? String
    try Fixtures.write(["app/README.md": "edited"], into: root)
    #expect(try inputs("app", in: root)["inputs_digest"] as? String == first)
    try Fixtures.write(["app/b.txt": "edited"], into: root)
    #expect(try inputs("app", in: root)["inputs_digest"] as? String != first)
    // The stat cache gives the same answer as reading everything.
    #expect(
      try inputs("app", in: root)["inputs_digest"] as? String
        == inputs("app", in: root, ["--no-cache"])["inputs_digest"] as? String)
  }

  @Test func literalSourcesLimitTheFiles() throws {
    let root = try project(dockerfile: "FROM scratch\nCOPY src /src\n")
    let report = try inputs("app", in: root)
    #expect(paths(report) == ["src", "src/main.c"])
    #expect(report["narrowed_to"] as? [String] == ["src"])
    let first = report["inputs_digest"] as? String
    try Fixtures.write(["app/b.txt": "edited"], into: root)
    #expect(try inputs("app", in: root)["inputs_digest"] as? String == first)
  }

  @Test func unknownJobsAndPerPlatformServicesExitTwoNamingTheJobs() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": "services:\n  app:\n    context: app\n    platforms: [linux/amd64, linux/arm64]\n    split: always\n",
        "app/Dockerfile": "FROM scratch\nCOPY . /\n",
      ],
      into: root)
    let plain = try gantry(["inputs", "app", "--backend", "buildx"], in: root)
    #expect(plain.status == 2)
    #expect(plain.stderr.contains("app@linux/amd64, app@linux/arm64"))
    let one = try gantry(["inputs", "app@linux/arm64", "--format", "json", "--backend", "buildx"], in: root)
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout.contains("\"id\" : \"app@linux/arm64\""))
    #expect(try gantry(["inputs", "nope"], in: root).status == 2)
  }

  @Test func anInvalidIgnoreFileIsAnErrorAtItsLine() throws {
    let root = try project()
    try Fixtures.write(["app/.dockerignore": "ok\n[abc\n"], into: root)
    let result = try gantry(["inputs", "app", "--backend", "docker"], in: root)
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
    #expect(build.status == 0, "\(build)")
    let listed = paths(try inputs("app", in: root))
    var copied: [String] = []
    let walker = FileManager.default.enumerator(atPath: output)
    while let path = walker?.nextObject() as? String { copied.append(path) }
    #expect(copied.sorted() == listed.sorted())
  }
}
