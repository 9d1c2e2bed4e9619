import Foundation
import GantryTestSupport
import Testing

@testable import GantryInputs

@Suite struct IgnoreFileLocatorTests {
  @Test func theDockerfilesOwnIgnoreFileWinsEvenWhenEmpty() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [".dockerignore": "a\n", "docker/app.Dockerfile": "FROM scratch\n", "docker/app.Dockerfile.dockerignore": ""],
      into: root)
    let dockerfile = root + "/docker/app.Dockerfile"
    #expect(IgnoreFileLocator.path(context: root, dockerfile: dockerfile) == dockerfile + ".dockerignore")
    #expect(try IgnoreFileLocator.rules(context: root, dockerfile: dockerfile, dialect: .docker2010).patterns.isEmpty)
  }

  @Test func theContextsIgnoreFileOtherwise() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write([".dockerignore": "a\n", "Dockerfile": "FROM scratch\n"], into: root)
    #expect(IgnoreFileLocator.path(context: root, dockerfile: root + "/Dockerfile") == root + "/.dockerignore")
    // A Dockerfile without a name (stdin) can only use the context's.
    #expect(IgnoreFileLocator.path(context: root, dockerfile: nil) == root + "/.dockerignore")
    let rules = try IgnoreFileLocator.rules(context: root, dockerfile: nil, dialect: .moby)
    #expect(rules.patterns.map(\.string) == ["a"])
    #expect(rules.text == Array("a\n".utf8))
  }

  @Test func noIgnoreFileExcludesNothing() throws {
    let root = try Fixtures.temporaryFolder()
    try FileManager.default.createDirectory(atPath: root + "/.dockerignore", withIntermediateDirectories: true)
    #expect(IgnoreFileLocator.path(context: root, dockerfile: nil) == nil)
    #expect(try IgnoreFileLocator.rules(context: root, dockerfile: nil, dialect: .docker2010).patterns.isEmpty)
  }

  @Test func errorsNameTheFileThatApplied() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["Dockerfile.dockerignore": "ok\n\n[x\n"], into: root)
    #expect {
      _ = try IgnoreFileLocator.rules(context: root, dockerfile: root + "/Dockerfile", dialect: .docker2010)
    } throws: { error in
      "\(error)".contains("Dockerfile.dockerignore:3:1: error: syntax error in pattern '[x'")
    }
  }
}
