import Foundation
import GantryTestSupport
import Synchronization
import Testing

@testable import GantryInputs

@Suite struct ContextFileSetTests {
  func scan(_ root: String, ignore: String? = nil, dialect: IgnoreDialect = .docker2010) throws -> ContextFileSet {
    let rules =
      try ignore.map { try IgnoreRules(Array($0.utf8), file: ".dockerignore", dialect: dialect) }
      ?? .none(dialect: dialect)
    return try ContextFileSet.scan(root: root, rules: rules)
  }

  @Test func entriesAreSortedWithHashesModesAndLinkTargets() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["b.txt": "b", "a/x.txt": "x", "a.txt": "hello"], into: root)
    try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: "a/../nowhere")
    try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: root + "/b.txt")
    let set = try scan(root)
    #expect(set.entries.map(\.path) == ["a", "a.txt", "a/x.txt", "b.txt", "link"])
    let hello = set.entries[1]
    #expect(hello.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
    #expect(set.entries[3].mode == 0o750)
    #expect(set.entries[4].kind == .symlink && set.entries[4].linkTargetString == "a/../nowhere")
    #expect(set.entries[0].kind == .directory)
  }

  @Test func symbolicLinkLoopsAndFoldersAreNotFollowed() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["d/f": "f"], into: root)
    try FileManager.default.createSymbolicLink(atPath: root + "/loop", withDestinationPath: "loop")
    try FileManager.default.createSymbolicLink(atPath: root + "/d/up", withDestinationPath: "..")
    let set = try scan(root)
    #expect(set.entries.map(\.path) == ["d", "d/f", "d/up", "loop"])
  }

  @Test func namedPipesAreLeftOutAndNeverOpened() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["f": "f"], into: root)
    #expect(mkfifo(root + "/pipe", 0o644) == 0)
    let set = try scan(root)
    #expect(set.entries.map(\.path) == ["f"])
  }

  @Test(.enabled(if: getuid() == 0, "creating a device needs root"))
  func devicesAreEmptyFilesWithTheirPermissions() throws {
    let root = try Fixtures.temporaryFolder()
    #expect(mknod(root + "/null", S_IFCHR | 0o640, dev_t((1 << 8) | 3)) == 0)
    let set = try scan(root)
    #expect(set.entries.map(\.kind) == [.file])
    #expect(set.entries.first?.sha256 == ContextFileSet.emptySHA256)
    #expect(set.entries.first?.mode == 0o640)
  }

  @Test func ignoreRulesApplyWithTheDialectsFolderRules() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["src/lib/util.go": "u", "src/main.go": "m", "keep.txt": "k"], into: root)
    let ignore = "src\n!*/lib/util.go"
    // 20.10 skips src: no exception starts with `src/`.
    #expect(try scan(root, ignore: ignore, dialect: .docker2010).entries.map(\.path) == ["keep.txt"])
    // buildx walks in (the exception has a wildcard) and sends the parents of what it keeps.
    #expect(
      try scan(root, ignore: ignore, dialect: .moby).entries.map(\.path) == [
        "keep.txt", "src", "src/lib", "src/lib/util.go",
      ])
  }

  @Test func digestFollowsContentModeAndNamesButNotTimes() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["a": "1"], into: root)
    let first = try scan(root).digest
    #expect(first.hasPrefix("sha256:") && first.count == 71)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: root + "/a")
    #expect(try scan(root).digest == first)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/a")
    let moded = try scan(root).digest
    #expect(moded != first)
    try Fixtures.write(["a": "2"], into: root)
    #expect(try scan(root).digest != moded)
  }

  @Test func aMissingContextIsAClearError() throws {
    #expect(throws: ContextError.notAFolder("/nonexistent/gantry")) {
      try ContextFileSet.scan(root: "/nonexistent/gantry", rules: .none(dialect: .docker2010))
    }
  }

  @Test(.enabled(if: getuid() != 0, "root reads every file"))
  func unreadableFilesNameThePath() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["secret": "s"], into: root)
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: root + "/secret")
    #expect {
      try scan(root)
    } throws: { error in
      "\(error)".contains("/secret: cannot be read")
    }
  }

  @Test func aFileChangedSinceTheWalkIsReadAgain() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["f": "one"], into: root)
    var info = stat()
    #expect(lstat(root + "/f", &info) == 0)
    var stale = FileStatus(info)
    stale.size += 1
    let (hash, status) = try FileHasher.hash(path: root + "/f", display: "f", expected: stale)
    #expect(hash == "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed")
    #expect(status.size == 3)
  }

  @Test func aFileThatKeepsChangingIsReportedNotHashed() throws {
    let root = try Fixtures.temporaryFolder()
    let path = root + "/growing"
    try Data(repeating: 0x61, count: 16 << 20).write(to: URL(fileURLWithPath: path))
    var info = stat()
    #expect(lstat(path, &info) == 0)
    let stop = Atomic<Bool>(false)
    let writer = Thread {
      let handle = FileHandle(forWritingAtPath: path)
      while !stop.load(ordering: .relaxed) {
        handle?.seekToEndOfFile()
        handle?.write(Data([0x62]))
        usleep(200)
      }
      try? handle?.close()
    }
    writer.start()
    defer { stop.store(true, ordering: .relaxed) }
    usleep(20_000)
    #expect(throws: ContextError.changedWhileReading(path: "growing")) {
      _ = try FileHasher.hash(path: path, display: "growing", expected: FileStatus(info))
    }
  }
}
