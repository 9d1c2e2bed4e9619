import Testing

@testable import GantryInputs

@Suite struct JobInputsTests {
  static let file = ContextEntry(
    pathBytes: Array("a.txt".utf8), kind: .file, mode: 0o644, sha256: String(repeating: "a", count: 64))

  func base() -> JobInputs {
    JobInputs(
      files: ContextFileSet(root: "/ctx", entries: [Self.file]), dockerfile: Array("FROM scratch\n".utf8),
      ignoreFile: (".dockerignore", Array("*.md\n".utf8)), dialect: .docker2010, buildArgs: ["A": "1"],
      target: "final", platforms: ["linux/amd64"], labels: ["l": "v"], network: "host", secretIDs: ["npm"],
      sshIDs: ["default"], builder: "docker:default", additionalContexts: ["x": .reference("docker-image://a:1")],
      upstreamDigests: ["base": "sha256:" + String(repeating: "b", count: 64)])
  }

  @Test func theDigestIsStableAndVersioned() {
    #expect(base().digest == base().digest)
    #expect(base().digest.hasPrefix("sha256:"))
    #expect(base().digest.count == 71)
  }

  /// Every field changes the digest; nothing else does.
  @Test(arguments: [
    "files", "dockerfile", "ignore", "no ignore", "dialect", "arg", "arg order", "target", "no target",
    "platform", "label", "network", "secret", "ssh", "builder", "additional", "upstream",
  ])
  func everyFieldCounts(_ field: String) {
    var changed = base()
    var same = false
    switch field {
    case "files":
      var entry = Self.file
      entry.mode = 0o755
      changed.files = ContextFileSet(root: "/ctx", entries: [entry])
    case "dockerfile": changed.dockerfile += Array("RUN true\n".utf8)
    case "ignore": changed.ignoreFile = (".dockerignore", Array("*.txt\n".utf8))
    case "no ignore": changed.ignoreFile = nil
    case "dialect": changed.dialect = .moby
    case "arg": changed.buildArgs["A"] = "2"
    case "arg order":
      changed.buildArgs = ["B": "2", "A": "1"]
      var other = base()
      other.buildArgs = ["A": "1", "B": "2"]
      #expect(changed.digest == other.digest)
      same = true
    case "target": changed.target = "other"
    case "no target": changed.target = nil
    case "platform": changed.platforms = ["linux/arm64"]
    case "label": changed.labels["l"] = "w"
    case "network": changed.network = nil
    case "secret": changed.secretIDs = ["other"]
    case "ssh": changed.sshIDs = []
    case "builder": changed.builder = "buildx:remote"
    case "additional": changed.additionalContexts["x"] = .reference("docker-image://a:2")
    default: changed.upstreamDigests["base"] = "sha256:" + String(repeating: "c", count: 64)
    }
    if !same { #expect(changed.digest != base().digest) }
  }

  @Test func fieldBoundariesCannotBeShifted() {
    var a = base()
    a.buildArgs = ["AB": "C"]
    var b = base()
    b.buildArgs = ["A": "BC"]
    #expect(a.digest != b.digest)
  }
}
