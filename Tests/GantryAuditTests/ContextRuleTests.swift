import Foundation
import GantryAudit
import GantryCore
import GantryTestSupport
import Testing

/// The context rules on real folders, through GantryInputs' exact matcher.
@Suite struct ContextRuleTests {
  let sender = InputsContextSender(dialect: .moby)

  func audit(_ files: [String: String], dockerfile: String, extra: (String) throws -> Void = { _ in }) throws -> (
    ContextCheck.Result, String
  ) {
    let root = try Fixtures.temporaryFolder("audit-context")
    try Fixtures.write(files.merging(["Dockerfile": dockerfile]) { a, _ in a }, into: root)
    try extra(root)
    let audited = AuditedDockerfile(service: "app", file: "Dockerfile", text: dockerfile)
    let snapshot = try sender.snapshot(root: root, dockerfile: root + "/Dockerfile")
    let check = ContextCheck(
      dockerfile: audited, snapshot: snapshot, sender: sender,
      contextLocation: GantryCore.SourceLocation(file: "gantry.yml", line: 3, column: 14), manifestRoot: root)
    return (try check.run(), root)
  }

  static let junk: [String: String] = [
    "src/main.js": "console.log(1)\n",
    "package.json": "{}\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/objects/ab/cdef": String(repeating: "x", count: 4000),
    "node_modules/left-pad/index.js": String(repeating: "y", count: 3000),
    "web/node_modules/react/index.js": String(repeating: "z", count: 2000),
    "debug.log": "log\n",
    "dist/bundle.js": "bundle\n",
  ]

  @Test func aContextWithoutIgnoreFileAndWithJunkGivesBothFindingsAndFigures() throws {
    let (result, _) = try audit(Self.junk, dockerfile: "FROM busybox:1\nCOPY . /app\n")
    let rules = result.findings.map(\.rule)
    #expect(rules == ["context-no-ignore-file", "context-unread-files"])
    #expect(result.findings[0].severity == .warning)
    #expect(result.findings[0].location == GantryCore.SourceLocation(file: "gantry.yml", line: 3, column: 14))
    let proposal = try #require(result.proposal)
    #expect(Set(proposal.lines) == [".git", "node_modules", "**/node_modules", "*.log", "dist"])
    #expect(proposal.extends == false)
    // Before: every file; after: src/main.js, package.json and the Dockerfile.
    #expect(proposal.filesBefore == 9)
    #expect(proposal.filesAfter == 3)
    #expect(proposal.bytesBefore - proposal.bytesAfter >= 9000)
    #expect(result.findings[1].evidence.contains("sent now: 9 files"))
  }

  @Test func filesAnInstructionNamesAreNeverProposed() throws {
    let dockerfile = "FROM busybox:1\nCOPY dist/ /srv/\nCOPY node_modules/left-pad /lib/left-pad\nCOPY . /app\n"
    let (result, _) = try audit(Self.junk, dockerfile: dockerfile)
    let proposal = try #require(result.proposal)
    #expect(!proposal.lines.contains("dist"))
    #expect(!proposal.lines.contains("node_modules"))
    #expect(!proposal.lines.contains("**/node_modules"), "the pattern would also exclude node_modules/left-pad")
    #expect(proposal.lines.contains("web/node_modules"))
    #expect(proposal.lines.contains(".git"))
  }

  @Test func anExistingIgnoreFileIsExtendedAndWhatItExcludesIsNotReportedAgain() throws {
    let (result, root) = try audit(
      Self.junk.merging([".dockerignore": ".git\n"]) { a, _ in a }, dockerfile: "FROM busybox:1\nCOPY . /app\n")
    #expect(!result.findings.contains { $0.rule == "context-no-ignore-file" })
    let finding = try #require(result.findings.first { $0.rule == "context-unread-files" })
    #expect(finding.file == ".dockerignore")
    let proposal = try #require(result.proposal)
    #expect(proposal.extends)
    #expect(proposal.file == root + "/.dockerignore")
    #expect(!proposal.lines.contains(".git"))
  }

  @Test func aCleanContextHasOnlyTheNoteAboutTheMissingFile() throws {
    let (result, _) = try audit(["src/a.txt": "a\n"], dockerfile: "FROM busybox:1\nCOPY src /src\n")
    #expect(result.findings.map(\.rule) == ["context-no-ignore-file"])
    #expect(result.findings[0].severity == .note)
    #expect(result.proposal == nil)
  }

  @Test func aLargeFileNoInstructionNamesIsProposedByPath() throws {
    let (result, _) = try audit(["src/a.txt": "a\n"], dockerfile: "FROM busybox:1\nCOPY . /app\n") { root in
      try FileManager.default.createDirectory(atPath: root + "/assets", withIntermediateDirectories: true)
      let big = Data(count: Int(ContextCheck.largeFileBytes) + 1)
      try big.write(to: URL(fileURLWithPath: root + "/assets/dump.bin"))
    }
    let proposal = try #require(result.proposal)
    #expect(proposal.lines == ["assets/dump.bin"])
  }

  @Test func theIgnoreEditKeepsTheFileAndAppendsAMarkedBlock() {
    let text = IgnoreEdit.appending(["a", "**/b"], to: Array("x\n!y".utf8))
    #expect(String(decoding: text, as: UTF8.self) == "x\n!y\n\(IgnoreEdit.marker)\na\n**/b\n")
    #expect(IgnoreEdit.appending([], to: nil).isEmpty)
  }
}

@Suite struct LargeContextTests {
  /// 10 000 files under node_modules: one walk now, one with the proposed lines, one line. (A
  /// 100 000-file context takes two walks of about 5 s each in a debug build: too long for a unit
  /// test on a shared machine; docs/audit.md has the figure.)
  @Test func aTenThousandFileContextIsAuditedWithOneLine() throws {
    let root = try Fixtures.temporaryFolder("audit-large")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Fixtures.write(["Dockerfile": "FROM busybox:1\nCOPY . /app\n", "src/app.js": "1\n"], into: root)
    let byte = Data([0x61])
    for folder in 0..<10 {
      let path = root + "/node_modules/pkg\(folder)"
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      for file in 0..<1000 {
        guard FileManager.default.createFile(atPath: path + "/f\(file).js", contents: byte) else {
          Issue.record("could not create \(path)/f\(file).js")
          return
        }
      }
    }
    let sender = InputsContextSender(dialect: .moby)
    let snapshot = try sender.snapshot(root: root, dockerfile: root + "/Dockerfile")
    let check = ContextCheck(
      dockerfile: AuditedDockerfile(service: "big", file: "Dockerfile", text: "FROM busybox:1\nCOPY . /app\n"),
      snapshot: snapshot, sender: sender, contextLocation: GantryCore.SourceLocation(file: "gantry.yml", line: 1),
      manifestRoot: root)
    let result = try check.run()
    let proposal = try #require(result.proposal)
    #expect(proposal.lines == ["node_modules"])
    #expect(proposal.filesBefore == 10_002)
    #expect(proposal.filesAfter == 2)
    #expect(result.findings.contains { $0.rule == "context-unread-files" && $0.message.contains("10000 files") })
  }
}
