import Foundation
import GantryTestSupport
import Testing

@testable import GantryInputs

@Suite struct StatCacheTests {
  /// A context and a cache that trusts every record.
  func oldContext() throws -> (root: String, cache: StatCache) {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["a.txt": "a", "d/b.txt": "b"], into: root)
    // No racy margin: these files were written just now and the tests trust them on purpose.
    return (root, StatCache(folder: try Fixtures.temporaryFolder() + "/.gantry/stat-cache", racyMargin: 0))
  }

  /// Replaces the recorded hash of `path` in the cache file, keeping the file's checksum valid,
  /// so a later scan shows whether it trusted the record.
  func plant(_ hash: String, for path: String, root: String, cache: StatCache) throws {
    let resolved = ContextWalker.realPath(root) ?? root
    var records = cache.load(root: resolved)
    #expect(records[Array(path.utf8)] != nil, "the first scan recorded \(path)")
    records[Array(path.utf8)]?.sha256 = hash
    // Recorded as if scanned well after the files changed.
    try cache.save(root: resolved, records: records.map { ($0.key, $0.value) }, scanStart: ContextFileSet.now())
  }

  @Test func unchangedFilesAreTakenFromTheCache() throws {
    let (root, cache) = try oldContext()
    let first = try ContextFileSet.scan(root: root, rules: .none(dialect: .docker2010), cache: cache)
    let planted = String(repeating: "0", count: 64)
    try plant(planted, for: "a.txt", root: root, cache: cache)
    let second = try ContextFileSet.scan(root: root, rules: .none(dialect: .docker2010), cache: cache)
    #expect(second.entries.first { $0.path == "a.txt" }?.sha256 == planted)
    #expect(
      second.entries.first { $0.path == "d/b.txt" }?.sha256 == first.entries.first { $0.path == "d/b.txt" }?.sha256)
  }

  @Test func aChangedFileIsReadAgain() throws {
    let (root, cache) = try oldContext()
    _ = try ContextFileSet.scan(root: root, rules: .none(dialect: .docker2010), cache: cache)
    try plant(String(repeating: "0", count: 64), for: "a.txt", root: root, cache: cache)
    try Fixtures.write(["a.txt": "A"], into: root)
    let second = try ContextFileSet.scan(root: root, rules: .none(dialect: .docker2010), cache: cache)
    #expect(
      second.entries.first { $0.path == "a.txt" }?.sha256
        == "559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd")
  }

  @Test func recentlyChangedFilesAreNotTrusted() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["new.txt": "n"], into: root)
    let cache = StatCache(folder: try Fixtures.temporaryFolder())
    _ = try ContextFileSet.scan(root: root, rules: .none(dialect: .docker2010), cache: cache)
    // Written within the racy margin of the scan that recorded it: not loaded.
    #expect(cache.load(root: ContextWalker.realPath(root) ?? root).isEmpty)
  }

  @Test(arguments: ["truncated", "flipped", "garbage", "empty"])
  func aDamagedCacheIsIgnoredAndRebuilt(_ damage: String) throws {
    let (root, cache) = try oldContext()
    let clean = try ContextFileSet.scan(root: root, rules: .none(dialect: .docker2010), cache: cache)
    try plant(String(repeating: "0", count: 64), for: "a.txt", root: root, cache: cache)
    let file = cache.file(for: ContextWalker.realPath(root) ?? root)
    var bytes = try #require(StatCache.readFile(file))
    switch damage {
    case "truncated": bytes.removeLast(bytes.count / 3)
    case "flipped": bytes[bytes.count / 2] ^= 0x01
    case "garbage": bytes = Array("not a cache".utf8)
    default: bytes = []
    }
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let again = try ContextFileSet.scan(root: root, rules: .none(dialect: .docker2010), cache: cache)
    #expect(again.digest == clean.digest)
    // Rebuilt: the next load is usable again.
    #expect(cache.load(root: ContextWalker.realPath(root) ?? root).count == 2)
  }
}
