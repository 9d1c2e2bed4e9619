import Foundation
import GantryTestSupport
import Testing

/// Dockerfile constructs that decide stages and edges, checked against the sandbox engine's own
/// BuildKit: what it builds, gantry plans and builds the same way; what it refuses, gantry refuses
/// at file:line before anything runs.
@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct DockerfileReadingTests {
  /// A one-off project: `gantry.yml` and files, with a suffix that keeps its image names unique.
  struct Project {
    let root: String
    let suffix = String(UUID().uuidString.prefix(8)).lowercased()
    var images: [String] = []

    init() throws {
      root = try Fixtures.temporaryFolder("gantry-dockerfile")
    }

    func write(_ files: [String: String]) throws {
      try Fixtures.write(files, into: root)
    }

    func gantry(_ arguments: [String]) async throws -> Command.Result {
      try await Command.run([Command.gantry] + arguments + ["-C", root], timeout: 600)
    }

    func build() async throws -> Command.Result {
      try await gantry(["build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain", "-j", "2"])
    }

    func cleanUp() {
      Engine.removeImages(images)
      try? FileManager.default.removeItem(atPath: root)
    }
  }

  @Test func escapedEscapeAtLineEndEndsTheInstruction() async throws {
    try Engine.check()
    var project = try Project()
    defer { project.cleanUp() }
    let image = "gantry-test/escape-\(project.suffix):1"
    project.images = [image]
    try project.write([
      "gantry.yml": "services:\n  app: {context: app, image: \"\(image)\"}\n",
      // The RUNs end at `done\\` and `more\\\`; the lone `\` joins the next line. BUILD is a stage of
      // its own, and COPY --from matches it in any case.
      "app/Dockerfile": """
      FROM local/busybox:1 AS build
      RUN mkdir /out && echo built > /out/file && echo done\\\\
      \\
      RUN echo more >> /out/file && echo more\\\\\\
      FROM local/busybox:1
      COPY --from=BUILD /out/file /file

      """,
    ])
    let result = try await project.build()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try await Engine.file("/file", in: image) == "built\nmore\n")
  }

  @Test func platformArgumentsDrawTheEdgeAndPickTheStage() async throws {
    try Engine.check()
    var project = try Project()
    defer { project.cleanUp() }
    let base = "gantry-test/base-\(project.suffix)"
    let app = "gantry-test/app-\(project.suffix):1"
    project.images = [base + ":amd64", app]
    // The engine builds linux/amd64 (as does gantry's default builder here): TARGETOS is linux,
    // TARGETARCH amd64, so app starts FROM the base service's image through bin-linux. Without the
    // edge both would start together (-j 2) and app would fail to find the image.
    try project.write([
      "gantry.yml": """
      services:
        app: {context: app, image: "\(app)"}
        base: {context: base, image: "\(base):amd64"}

      """,
      "base/Dockerfile": "FROM local/busybox:1\nRUN sleep 2 && echo base > /base.txt\n",
      "app/Dockerfile": """
      ARG BASE=\(base)
      FROM ${BASE}:${TARGETARCH} AS bin-linux
      FROM local/busybox:1 AS bin-windows
      RUN echo windows > /base.txt
      FROM bin-$TARGETOS
      RUN cp /base.txt /app.txt

      """,
    ])
    let plan = try await project.gantry(["plan", "--format", "json"])
    #expect(plan.status == 0, "\(plan.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
    let jobs = json?["jobs"] as? [[String: Any]] ?? []
    let appJob = jobs.first { $0["id"] as? String == "app" }
    #expect(appJob?["deps"] as? [String] == ["base"])
    let result = try await project.build()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try await Engine.file("/app.txt", in: app) == "base\n")
  }

  @Test func repeatedStageNameIsAWarningAndTheLastOneWins() async throws {
    try Engine.check()
    var project = try Project()
    defer { project.cleanUp() }
    let image = "gantry-test/repeated-\(project.suffix):1"
    project.images = [image]
    try project.write([
      "gantry.yml": "services:\n  app: {context: app, image: \"\(image)\"}\n",
      "app/Dockerfile": """
      FROM local/busybox:1 AS a
      RUN echo one > /f
      FROM local/busybox:1 AS a
      RUN echo two > /f
      FROM local/busybox:1
      COPY --from=a /f /f

      """,
    ])
    let result = try await project.build()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("Dockerfile:3:25: warning: duplicate stage name 'a'"), "\(result.stderr)")
    #expect(try await Engine.file("/f", in: image) == "two\n")
  }

  @Test func defaultsBuildKitDoesNotEvaluateDoNotFail() async throws {
    try Engine.check()
    var project = try Project()
    defer { project.cleanUp() }
    let image = "gantry-test/defaults-\(project.suffix):1"
    project.images = [image]
    var latin1 = Data("# caf".utf8)
    latin1.append(0xE9)
    latin1.append(
      Data(
        """

        ARG VARIANT=${templateOption:imageVariant}
        FROM local/busybox:1 AS unused
        ARG NODE=${templateOption:nodeVersion}
        FROM local/busybox:${VARIANT}
        RUN echo ok > /ok

        """.utf8))
    try project.write(["gantry.yml": "services:\n  app: {context: app, image: \"\(image)\", args: {VARIANT: \"1\"}}\n"])
    try FileManager.default.createDirectory(atPath: project.root + "/app", withIntermediateDirectories: true)
    try latin1.write(to: URL(fileURLWithPath: project.root + "/app/Dockerfile"))
    let result = try await project.build()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try await Engine.file("/ok", in: image) == "ok\n")
  }

  /// The file the refusals below start from builds on the engine and plans with gantry.
  @Test func theRefusalsStartFromAValidFile() async throws {
    try Engine.check()
    var project = try Project()
    defer { project.cleanUp() }
    let image = "gantry-test/refused-\(project.suffix):1"
    project.images = [image]
    try project.write([
      "gantry.yml": "services:\n  app: {context: app, image: \"\(image)\"}\n",
      "app/Dockerfile":
        "ARG SRC=tools\nFROM local/busybox:1 AS tools\nFROM local/busybox:1 AS Build\nARG SRC\nRUN true\n",
    ])
    let engine = try await Engine.docker([
      "build", "-f", project.root + "/app/Dockerfile", "-t", image, project.root + "/app",
    ])
    #expect(engine.status == 0)
    #expect(try await project.gantry(["plan"]).status == 0)
  }

  /// Lines BuildKit refuses, each after `FROM local/busybox:1 AS tools` and `FROM local/busybox:1 AS Build`.
  @Test(arguments: [
    "COPY --from=${SRC} /bin/sh /x",
    "RUN --mount=type=bind,from=$SRC,target=/t true",
    "ENV PATH",
    "LABEL maintainer",
    "COPY --from=tools --from=tools /bin/sh /x",
    "RUN --mount type=bind,from=tools,target=/t true",
    "RUN --mount=type true",
    "COPY --from=-1 /bin/sh /x",
    "RUN --mount=type=secret,id=a,from=tools true",
    "FROM Build",
    "ARG V=${x:y}",
    "\\",
  ])
  func refusedByBuildKitAndByGantry(_ line: String) async throws {
    try Engine.check()
    let project = try Project()
    defer { project.cleanUp() }
    let dockerfile = "ARG SRC=tools\nFROM local/busybox:1 AS tools\nFROM local/busybox:1 AS Build\nARG SRC\n\(line)\n"
    try project.write([
      "gantry.yml": "services:\n  app: {context: app, image: \"gantry-test/refused-\(project.suffix):1\"}\n",
      "app/Dockerfile": dockerfile,
    ])
    let engine = try await Engine.docker([
      "build", "--no-cache", "-f", project.root + "/app/Dockerfile", "-t", "gantry-test/refused-\(project.suffix):1",
      project.root + "/app",
    ])
    #expect(engine.status != 0, "the engine built it")
    let plan = try await project.gantry(["plan"])
    #expect(plan.status == 2)
    #expect(plan.stderr.contains("Dockerfile:5:"), "\(plan.stderr)")
  }
}
