import Foundation
import GantryTestSupport
import Testing

/// `gantry ci matrix` and `gantry build --shard` as a user runs them: bad input exits 2 before
/// anything is built or written. No engine needed.
@Suite struct ShardCLITests {
  func gantry(_ arguments: [String], in directory: String) async throws -> Command.Result {
    try await Command.run([Command.gantry] + arguments, directory: directory, timeout: 120)
  }

  /// Three services, one of them on another's image.
  func repository() throws -> String {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": """
        services:
          base: {context: base, image: registry.test/base:1}
          api: {context: api, image: registry.test/api:1}
          tool: {context: tool, image: registry.test/tool:1}
        """,
        "base/Dockerfile": "FROM local/busybox:1\n", "api/Dockerfile": "FROM registry.test/base:1\n",
        "tool/Dockerfile": "FROM local/busybox:1\n",
      ], into: root)
    return root
  }

  @Test(arguments: [
    ("0/3", "K must be between 1 and 3"), ("4/3", "K must be between 1 and 3"),
    ("a/b", "--shard must be K/N (two whole numbers), not 'a/b'"),
    ("4/4", "4 shards asked for, but the selection has only 3 jobs"),
  ])
  func badShardsExitTwoAndWriteNothing(spec: String, message: String) async throws {
    let root = try repository()
    let result = try await gantry(["build", "--shard", spec, "--backend", "docker"], in: root)
    #expect(result.status == 2, "\(result)")
    #expect(result.stderr.contains(message), "\(result)")
    #expect(result.stderr.contains("hint:"))
    #expect(!FileManager.default.fileExists(atPath: root + "/.gantry/runs"))
  }

  @Test func aShardOfAnotherPartitionIsRefused() async throws {
    let root = try repository()
    let result = try await gantry(
      ["build", "--shard", "1/2", "--partition-id", "0000", "--backend", "docker"], in: root)
    #expect(result.status == 2)
    #expect(result.stderr.contains("this checkout's partition is"))
  }

  @Test func theMatrixNamesEveryJobOnceAndTooManyShardsExitTwo() async throws {
    let root = try repository()
    let result = try await gantry(["ci", "matrix", "--shards", "2", "--format", "github"], in: root)
    #expect(result.status == 0, "\(result)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [[String: Any]]]
    let include = try #require(object?["include"])
    let jobs = include.flatMap { ($0["jobs"] as? [String]) ?? [] }
    #expect(jobs.sorted() == ["api", "base", "tool"])
    #expect(include.map { $0["shard"] as? String } == ["1/2", "2/2"])
    let tooMany = try await gantry(["ci", "matrix", "--shards", "9"], in: root)
    #expect(tooMany.status == 2)
    #expect(tooMany.stdout.isEmpty)
    let both = try await gantry(["ci", "matrix", "--shards", "2", "--max-shards", "3"], in: root)
    #expect(both.status == 2)
  }
}
