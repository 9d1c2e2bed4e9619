import Foundation
import GantryCore
import GantryInputs
import GantryLoad
import GantryPlan
import GantryTestSupport
import Testing

@testable import GantryExec

/// The record of the last builds, the reasons drawn from it, and which jobs a change touches.
@Suite struct IncrementalStateTests {
  func inputs(files: [String: String], args: [String: String] = [:], upstream: [String: String] = [:]) throws
    -> JobInputs
  {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(files, into: root)
    let set = try ContextFileSet.scan(root: root, rules: .none(dialect: .moby))
    return JobInputs(
      files: set, dockerfile: Array("FROM scratch\n".utf8), dialect: .moby, buildArgs: args, builder: "docker:default",
      upstreamDigests: upstream)
  }

  @Test func theReasonNamesTheFirstDifferenceMostTellingFirst() throws {
    let before = try inputs(files: ["a.go": "1", "b.go": "1"], args: ["V": "1"])
    let record = InputRecord(before, digest: before.digest)
    let edited = try inputs(files: ["a.go": "2", "b.go": "1", "c.go": "new"], args: ["V": "1"])
    #expect(record.difference(to: InputRecord(edited, digest: edited.digest)) == "files changed: a.go, c.go (added)")
    let argument = try inputs(files: ["a.go": "1", "b.go": "1"], args: ["V": "2"])
    #expect(record.difference(to: InputRecord(argument, digest: argument.digest)) == "build arg V changed: 1 → 2")
    let upstream = try inputs(files: ["a.go": "2"], upstream: ["base": "sha256:x"])
    #expect(record.difference(to: InputRecord(upstream, digest: upstream.digest)) == "upstream changed: base")
    #expect(record.difference(to: record) == "inputs unchanged")
  }

  @Test func aDamagedStateFileIsIgnoredNeverTrustedInPart() throws {
    let folder = try Fixtures.temporaryFolder()
    let state = InputState(stateDirectory: folder)
    let one = try inputs(files: ["a": "1"])
    try state.save(["api": InputRecord(one, digest: one.digest)])
    #expect(state.load()["api"]?.digest == one.digest)
    let data = try #require(FileManager.default.contents(atPath: state.path))
    try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: state.path))
    #expect(state.load().isEmpty)
    try Data("not json".utf8).write(to: URL(fileURLWithPath: state.path))
    #expect(state.load().isEmpty)
    // Saving over a damaged file starts afresh.
    try state.save(["web": InputRecord(one, digest: one.digest)])
    #expect(Set(state.load().keys) == ["web"])
  }

  @Test func aChangeTouchesTheJobsReadingItAndWhatDependsOnThem() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": """
        services:
          base: {context: base, image: t/base:1}
          api: {context: api, image: t/api:1, needs: [base]}
          web: {context: web, image: t/web:1}
          gateway: {context: gateway, image: t/gateway:1, needs: [api]}
        """,
        "base/Dockerfile": "FROM scratch\n", "api/Dockerfile": "FROM scratch\n", "web/Dockerfile": "FROM scratch\n",
        "gateway/Dockerfile": "FROM scratch\n",
      ], into: root)
    let plan = try Planner().plan(try ProjectLoader.load(folder: root), options: PlanOptions(backend: .docker))
    #expect(ChangedFiles.affectedJobs(plan, changed: [root + "/api/main.go"]) == ["api", "gateway"])
    #expect(ChangedFiles.affectedJobs(plan, changed: [root + "/base/Dockerfile"]) == ["base", "api", "gateway"])
    #expect(ChangedFiles.affectedJobs(plan, changed: [root + "/README.md"]).isEmpty)
    #expect(ChangedFiles.affectedJobs(plan, changed: [root + "/apiary/x"]).isEmpty, "a folder that only starts alike")
  }

  @Test func aRefThatNamesNoCommitIsAnErrorNamingIt() async throws {
    let root = try Fixtures.temporaryFolder()
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else { return }
    _ = try await Command.run(["/usr/bin/git", "init", "-q", root])
    await #expect(throws: ChangedFiles.Failure.self) {
      _ = try await ChangedFiles.since("no-such-branch", in: root, environment: ProcessInfo.processInfo.environment)
    }
    do {
      _ = try await ChangedFiles.since("no-such-branch", in: root, environment: ProcessInfo.processInfo.environment)
    } catch {
      #expect(error.rendered.contains("--changed-since: 'no-such-branch' names no commit"))
      #expect(error.exitStatus == .badInput)
    }
  }
}
