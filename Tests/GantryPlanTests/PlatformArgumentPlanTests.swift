import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// Edges drawn by BuildKit's platform arguments: each job gets the edges of the platforms it builds.
@Suite struct PlatformArgumentPlanTests {
  static let amd64 = Platform("linux/amd64")

  func project(_ yaml: String, files: [String: String]) throws -> Project {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(files.merging(["gantry.yml": yaml]) { _, new in new }, into: root)
    return try ProjectLoader.load(folder: root)
  }

  static let bases = """
    services:
      base-amd: {context: base, image: "acme/base:amd64", platforms: [linux/amd64]}
      base-arm: {context: base, image: "acme/base:arm64", platforms: [linux/arm64]}

    """

  static let files = [
    "base/Dockerfile": "FROM busybox\n",
    "api/Dockerfile": "FROM acme/base:${TARGETARCH}\nCOPY . /app\n",
  ]

  @Test func perPlatformJobsGetTheEdgesOfTheirPlatform() throws {
    let yaml =
      Self.bases + """
          api: {context: api, image: acme/api:1, platforms: [linux/amd64, linux/arm64], split: always}

        """
    let project = try project(yaml, files: Self.files)
    let plan = try Planner().plan(project, options: PlanOptions(multiArch: MultiArchOptions(hostPlatform: Self.amd64)))
    #expect(plan.job("api@linux/amd64")?.deps == ["base-amd"])
    #expect(plan.job("api@linux/arm64")?.deps == ["base-arm"])
    let (graph, _) = try Planner().graph(for: project, hostPlatform: Self.amd64)
    #expect(graph.dependencies(of: "api") == ["base-amd", "base-arm"])
    #expect(graph.edges(from: "api", to: "base-arm").map(\.platforms) == [["linux/arm64"]])
    #expect(graph.edges(from: "api", to: "base-arm").map(\.detail) == ["acme/base:arm64"])
  }

  @Test func aJobBuildingSeveralPlatformsGetsTheEdgesOfEach() throws {
    let yaml =
      Self.bases + """
          api: {context: api, image: acme/api:1, platforms: [linux/amd64, linux/arm64], split: never}

        """
    let plan = try Planner().plan(
      try project(yaml, files: Self.files), options: PlanOptions(multiArch: MultiArchOptions(hostPlatform: Self.amd64)))
    #expect(plan.job("api")?.deps == ["base-amd", "base-arm"])
    // base-amd builds only linux/amd64, but api reads it only for linux/amd64: no warning.
    #expect(plan.warnings.filter { $0.message.contains("builds only") }.isEmpty, "\(plan.warnings)")
  }

  @Test func serviceWithoutPlatformsReadsTheDefaultBuildersPlatform() throws {
    let yaml =
      Self.bases + """
          api: {context: api, image: acme/api:1}

        """
    let project = try project(yaml, files: Self.files)
    let onARM = try Planner().plan(
      project, options: PlanOptions(multiArch: MultiArchOptions(hostPlatform: Platform("linux/arm64"))))
    #expect(onARM.job("api")?.deps == ["base-arm"])
    let requested = try Planner().plan(
      project,
      options: PlanOptions(multiArch: MultiArchOptions(platforms: ["linux/amd64"], hostPlatform: Self.amd64)))
    #expect(requested.job("api")?.deps == ["base-amd"])
  }

  @Test func buildPlatformIsTheBuildersPlatform() throws {
    let yaml = """
      builders:
        arm: {platforms: [linux/arm64], docker_host: "unix:///arm.sock"}
        amd: {platforms: [linux/amd64], docker_host: "unix:///amd.sock", default: true}
      services:
        tool-amd: {context: base, image: "acme/tool:amd64", platforms: [linux/amd64]}
        tool-arm: {context: base, image: "acme/tool:arm64", platforms: [linux/arm64]}
        api: {context: api, image: acme/api:1, platforms: [linux/arm64, linux/s390x], split: always}

      """
    let files = [
      "base/Dockerfile": "FROM busybox\n",
      "api/Dockerfile": "FROM --platform=$BUILDPLATFORM acme/tool:${BUILDARCH} AS tool\nFROM busybox\n",
    ]
    let plan = try Planner().plan(
      try project(yaml, files: files), options: PlanOptions(multiArch: MultiArchOptions(hostPlatform: Self.amd64)))
    // arm64 runs natively on the arm builder; s390x runs emulated on the default (amd64) builder.
    #expect(plan.job("api@linux/arm64")?.deps == ["tool-arm"])
    #expect(plan.job("api@linux/s390x")?.deps == ["tool-amd"])
  }

  @Test func targetStageDrawsNoWarning() throws {
    let yaml = """
      services:
        api: {context: api, image: acme/api:1, target: app}

      """
    let files = ["api/Dockerfile": "FROM busybox AS app\nFROM busybox:$TARGETSTAGE\n"]
    let (_, warnings) = try Planner().graph(for: try project(yaml, files: files), hostPlatform: Self.amd64)
    #expect(warnings.isEmpty)
  }
}
