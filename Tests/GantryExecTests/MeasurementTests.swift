import Foundation
import GantryInputs
import GantryPlan
import GantryTestSupport
import Testing

@testable import GantryExec
import GantryReport

/// What the enricher measures: the commit, context files, and a whole run with a stand-in client.
@Suite struct MeasurementTests {
  static let commit = "89abcdef0123456789abcdef0123456789abcdef"

  @Test func commitFromALooseRef() throws {
    let root = try Fixtures.temporaryFolder("git")
    try Fixtures.write([".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": Self.commit + "\n"], into: root)
    try FileManager.default.createDirectory(atPath: root + "/sub/dir", withIntermediateDirectories: true)
    #expect(GitCommit.current(in: root + "/sub/dir") == Self.commit)
  }

  @Test func commitFromPackedRefsAndDetachedHeads() throws {
    let root = try Fixtures.temporaryFolder("git-packed")
    let packed =
      "# pack-refs with: peeled fully-peeled sorted\n\(Self.commit) refs/heads/release\n^0000000000000000000000000000000000000000\n"
    try Fixtures.write([".git/HEAD": "ref: refs/heads/release\n", ".git/packed-refs": packed], into: root)
    #expect(GitCommit.current(in: root) == Self.commit)
    try Fixtures.write([".git/HEAD": Self.commit + "\n"], into: root)
    #expect(GitCommit.current(in: root) == Self.commit)
  }

  @Test func commitOfAWorktree() throws {
    let root = try Fixtures.temporaryFolder("git-worktree")
    try Fixtures.write(
      [
        "main/.git/refs/heads/feature": Self.commit + "\n",
        "main/.git/worktrees/wt/HEAD": "ref: refs/heads/feature\n",
        "main/.git/worktrees/wt/commondir": "../..\n",
        "wt/.git": "gitdir: ../main/.git/worktrees/wt\n",
      ], into: root)
    #expect(GitCommit.current(in: root + "/wt") == Self.commit)
  }

  @Test func noRepositoryNoCommit() throws {
    let root = try Fixtures.temporaryFolder("no-git")
    try Fixtures.write([".git/HEAD": "ref: refs/heads/unborn\n"], into: root)
    #expect(GitCommit.current(in: root) == nil)
  }

  @Test func contextFilesHonourDockerignore() throws {
    let root = try Fixtures.temporaryFolder("context")
    try Fixtures.write(
      [
        ".dockerignore": "# build output\nnode_modules\n**/*.log\n/dist\n!dist/keep.txt\ntmp?\n",
        "Dockerfile": "FROM scratch\n", "src/a.swift": "", "src/b.log": "", "src/deep/c.log": "",
        "node_modules/x/index.js": "", "dist/app": "", "dist/keep.txt": "", "tmp1/x": "", "tmp12/y": "",
      ], into: root)
    // Sent: .dockerignore, Dockerfile, src/a.swift, dist/keep.txt, tmp12/y (the exact rules of
    // each client: GantryInputs, checked against the engine by IgnoreDifferentialTests).
    for dialect in [IgnoreDialect.docker2010, .moby] {
      #expect(ContextCount.files(context: root, dockerfile: root + "/Dockerfile", dialect: dialect) == 5)
    }
    #expect(ContextCount.files(context: root + "/missing", dockerfile: nil, dialect: .moby) == nil)
  }

  /// A whole run with a stand-in docker client: logs with BuildKit output, an image inspection, a
  /// buildx metadata file, history, the analysis and the commit.
  @Test func enrichesARun() async throws {
    let root = try Fixtures.temporaryFolder("enrich")
    let digest = "sha256:" + String(repeating: "c", count: 64)
    try Fixtures.write(
      [
        "fake-docker": """
        #!/bin/sh
        if [ "$1" = image ] && [ "$2" = inspect ]; then
          [ "$5" = missing ] && exit 1
          echo 31337; exit 0
        fi
        printf '#1 [internal] load build context\\n#1 transferring context: 1.50kB done\\n#1 DONE 0.0s\\n\\n'
        printf '#2 [1/3] FROM docker.io/library/alpine\\n#2 DONE 0.0s\\n\\n#3 [2/3] RUN make\\n#3 CACHED\\n\\n'
        printf '#4 [3/3] COPY . .\\n#4 DONE 0.1s\\n'
        """,
        "ctx/a": "", "ctx/b": "", ".git/HEAD": Self.commit + "\n",
        "report/iid/b.metadata.json": #"{"containerimage.digest": "\#(digest)"}"#,
      ], into: root)
    chmod(root + "/fake-docker", 0o755)
    let client = root + "/fake-docker"
    let jobs = [
      Job(
        id: "a", service: "a", platforms: ["linux/amd64"], deps: [], argv: [client, "build"], env: [:],
        tags: ["missing"]),
      Job(
        id: "b", service: "b", platforms: ["linux/amd64"], deps: ["a"], argv: [client, "build"], env: [:], tags: ["b:1"]
      ),
    ]
    var plan = Plan(
      root: root, backend: .docker, jobs: jobs, levels: [["a"], ["b"]], criticalPath: ["a", "b"], warnings: [])
    for index in plan.jobs.indices { plan.jobs[index].source = JobSource(context: root + "/ctx") }
    let options = BuildOptions(jobs: 2, reportDirectory: root + "/report", runID: "enrich", grace: .seconds(2))
    try options.makeFolders()
    let raw = await BuildRunner(plan: plan, options: options, progress: LineProgress(quiet: true, write: { _ in }))
      .run()
    #expect(raw.run.status == .succeeded)
    let report = await ReportEnricher(
      plan: plan, environment: ProcessInfo.processInfo.environment, outputDirectory: root + "/report/iid",
      previouslyBuilt: ["b"]
    ).enrich(raw)
    let a = try #require(report.job("a"))
    #expect(a.cachedSteps == 1)
    #expect(a.totalSteps == 2)
    #expect(a.cacheHitRatio == 0.5)
    #expect(a.contextBytes == 1500)
    #expect(a.contextFiles == 2)
    #expect(a.imageSizeBytes == nil, "the engine knew no such image")
    #expect(a.reason == "not built before")
    #expect(a.builder == "default")
    #expect(a.emulated == false)
    #expect(a.queueSeconds != nil && a.buildSeconds != nil)
    let b = try #require(report.job("b"))
    #expect(b.imageSizeBytes == 31337)
    #expect(b.imageDigest == digest)
    #expect(b.reason == "forced")
    #expect(report.run.criticalPath == ["a", "b"])
    #expect(report.run.cacheHitRatio == 0.5)
    #expect(report.run.totalSteps == 4)
    #expect(report.run.gitCommit == Self.commit)
    #expect(report.run.parallelEfficiency != nil)
  }

  /// Image sizes come from one `image inspect` per engine, not one per image; a batch naming a
  /// missing image falls back to one inspection per image, id first, then tag.
  @Test func imageSizesAreAskedForInOneInspectionPerEngine() async throws {
    let root = try Fixtures.temporaryFolder("inspect-batch")
    try Fixtures.write(
      [
        "fake-docker": """
        #!/bin/sh
        [ "$1" = image ] || exit 0
        echo "$*" >> "$(dirname "$0")/calls"
        shift 4
        for image in "$@"; do
          case "$image" in gone*) exit 1 ;; esac
        done
        for image in "$@"; do echo "${#image}00"; done
        """
      ], into: root)
    chmod(root + "/fake-docker", 0o755)
    let client = root + "/fake-docker"
    func plan(_ tags: [String]) -> Plan {
      let jobs = tags.map {
        Job(id: $0, service: $0, platforms: ["linux/amd64"], deps: [], argv: [client, "build"], env: [:], tags: [$0])
      }
      return Plan(root: root, backend: .docker, jobs: jobs, levels: [tags], criticalPath: [], warnings: [])
    }
    func run(_ tags: [String]) async throws -> RunReport {
      try? FileManager.default.removeItem(atPath: root + "/calls")
      let plan = plan(tags)
      let options = BuildOptions(jobs: 4, reportDirectory: root + "/report", runID: "batch", grace: .seconds(2))
      try options.makeFolders()
      let raw = await BuildRunner(plan: plan, options: options, progress: LineProgress(quiet: true, write: { _ in }))
        .run()
      #expect(raw.run.status == .succeeded)
      return await ReportEnricher(
        plan: plan, environment: ProcessInfo.processInfo.environment, outputDirectory: root + "/report/iid"
      ).enrich(raw)
    }
    let report = try await run(["a:1", "bb:1", "ccc:1"])
    #expect(report.jobs.map(\.imageSizeBytes) == [300, 400, 500])
    let calls = try String(contentsOfFile: root + "/calls", encoding: .utf8).split(separator: "\n")
    #expect(calls == ["image inspect --format {{.Size}} a:1 bb:1 ccc:1"])

    let partial = try await run(["a:1", "gone:1"])
    #expect(partial.job("a:1")?.imageSizeBytes == 300)
    #expect(partial.job("gone:1")?.imageSizeBytes == nil)
    let retried = try String(contentsOfFile: root + "/calls", encoding: .utf8).split(separator: "\n")
    #expect(retried.count == 3, "one batch, then one inspection per image: \(retried)")
  }

}
