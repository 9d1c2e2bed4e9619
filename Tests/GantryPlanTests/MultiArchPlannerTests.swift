import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// Per-platform jobs, builders and routing, manifest lists, `--platform`, the emulation check.
@Suite struct MultiArchPlannerTests {
  static let amd64 = Platform("linux/amd64")

  /// Writes `gantry.yml` and the files (a Dockerfile `FROM busybox` for every context named in
  /// `contexts` unless `files` has one) and plans it as if gantry ran on linux/amd64.
  func plan(
    _ yaml: String, files: [String: String] = [:], contexts: [String] = ["base", "api"], backend: Backend = .buildx,
    platforms: [Platform]? = nil, push: Bool? = nil, selection: [String] = []
  ) throws -> Plan {
    let root = try Fixtures.temporaryFolder()
    var all = files
    for context in contexts where all["\(context)/Dockerfile"] == nil {
      all["\(context)/Dockerfile"] = "FROM busybox\n"
    }
    all["gantry.yml"] = yaml
    try Fixtures.write(all, into: root)
    let project = try ProjectLoader.load(folder: root)
    return try Planner().plan(
      project,
      options: PlanOptions(
        backend: backend, selection: selection,
        multiArch: MultiArchOptions(platforms: platforms, push: push, hostPlatform: Self.amd64)))
  }

  func problems(
    _ yaml: String, files: [String: String] = [:], contexts: [String] = ["base", "api"], backend: Backend = .buildx,
    platforms: [Platform]? = nil, push: Bool? = nil
  ) -> [String] {
    do {
      _ = try plan(yaml, files: files, contexts: contexts, backend: backend, platforms: platforms, push: push)
      return []
    } catch let error as DiagnosticsError {
      return error.errors.map(\.message)
    } catch {
      return ["\(error)"]
    }
  }

  static let twoBuilders = """
    builders:
      amd:
        platforms: [linux/amd64]
        concurrency: 2
        docker_host: unix:///amd.sock
      arm:
        platforms: [linux/arm64]
        concurrency: 1
        buildx_builder: arm-remote
    defaults:
      platforms: [linux/amd64, linux/arm64]
    services:
      base: {context: base, image: acme/base:1}
      api: {context: api, image: acme/api:1}

    """

  static let apiOnBase = ["api/Dockerfile": "FROM acme/base:1\nCOPY . /app\n"]

  @Test func platformsOnDifferentBuildersBecomePerPlatformJobs() throws {
    let plan = try plan(Self.twoBuilders, files: Self.apiOnBase)
    #expect(plan.order == ["base@linux/amd64", "base@linux/arm64", "api@linux/amd64", "api@linux/arm64"])
    let arm = try #require(plan.job("api@linux/arm64"))
    #expect(arm.deps == ["base@linux/arm64"])
    #expect(arm.builder == "arm")
    #expect(arm.candidates == ["arm"])
    #expect(!arm.emulated)
    #expect(arm.loads)
    #expect(arm.env.isEmpty)
    #expect(
      arm.argv == [
        "docker", "buildx", "build", "--builder", "arm-remote", "--progress", "plain", "-f", "api/Dockerfile",
        "--platform", "linux/arm64", "-t", "acme/api:1-linux-arm64",
        "--build-context", "acme/base:1=docker-image://acme/base:1-linux-arm64", "--load", "api",
      ])
    let amd = try #require(plan.job("api@linux/amd64"))
    #expect(amd.env == ["DOCKER_HOST": "unix:///amd.sock"])
    #expect(amd.builder == "amd")
    #expect(amd.argv.contains("acme/base:1=docker-image://acme/base:1-linux-amd64"))
    #expect(plan.builders.map(\.name) == ["amd", "arm"])
    #expect(plan.builders[0].isDefault)
    #expect(plan.builderLimits == ["amd": 2, "arm": 1])
  }

  @Test func pushedPerPlatformImagesGetAManifestListThatDependentsWaitFor() throws {
    let plan = try plan(Self.twoBuilders, files: Self.apiOnBase, push: true)
    #expect(
      plan.order == ["base@linux/amd64", "base@linux/arm64", "base", "api@linux/amd64", "api@linux/arm64", "api"])
    let manifest = try #require(plan.job("api"))
    #expect(manifest.kind == .manifest)
    #expect(manifest.deps == ["api@linux/amd64", "api@linux/arm64"])
    #expect(
      manifest.argv == [
        "docker", "buildx", "imagetools", "create", "-t", "acme/api:1", "acme/api:1-linux-amd64",
        "acme/api:1-linux-arm64",
      ])
    #expect(manifest.env == ["DOCKER_HOST": "unix:///amd.sock"])
    #expect(!manifest.loads)
    let arm = try #require(plan.job("api@linux/arm64"))
    #expect(arm.deps == ["base"])
    #expect(arm.argv.contains("--push"))
    #expect(!arm.argv.contains("--load"))
    #expect(!arm.argv.contains("--build-context"))
    #expect(!arm.loads)
  }

  @Test func oneBuilderAndTheSameArgumentsKeepOneMultiPlatformJob() throws {
    let plan = try plan(
      """
      services:
        base: {context: base, image: acme/base:1, platforms: [linux/amd64, linux/arm64]}
      """, contexts: ["base"])
    let job = try #require(plan.job("base"))
    #expect(plan.jobs.count == 1)
    #expect(job.platforms == ["linux/amd64", "linux/arm64"])
    #expect(job.argv.contains("linux/amd64,linux/arm64"))
    #expect(!job.argv.contains("--load"))
    #expect(job.builder == "default")
    #expect(job.emulated, "the default builder runs linux/amd64 only")
    #expect(plan.builders == [PlannedBuilder.implicitDefault(platform: Self.amd64)])
  }

  @Test func splitSettingAndReasonsToSplit() throws {
    let base = """
      services:
        base: {context: base, image: acme/base:1, platforms: [linux/amd64, linux/arm64], split: SPLIT}
        api: {context: api, image: acme/api:1, platforms: [linux/amd64]}
      """
    // always: per-platform jobs even on one builder.
    let always = try plan(base.replacingOccurrences(of: "SPLIT", with: "always"), contexts: ["base", "api"])
    #expect(always.order.contains("base@linux/arm64"))
    // auto: a service others read is loaded one platform at a time.
    let auto = try plan(base.replacingOccurrences(of: "SPLIT", with: "auto"), files: Self.apiOnBase)
    #expect(auto.order.sorted() == ["api", "base@linux/amd64", "base@linux/arm64"])
    #expect(auto.job("api")?.deps == ["base@linux/amd64"])
    // …but not when pushed: the registry serves both platforms from one multi-platform build.
    let pushed = try plan(base.replacingOccurrences(of: "SPLIT", with: "auto"), files: Self.apiOnBase, push: true)
    #expect(pushed.order == ["base", "api"])
    #expect(pushed.job("base")?.argv.contains("--push") == true)
    // never: one job, even for the docker backend… which cannot build two platforms at once.
    let never = try plan(base.replacingOccurrences(of: "SPLIT", with: "never"), files: Self.apiOnBase)
    #expect(never.order == ["base", "api"])
    #expect(
      problems(base.replacingOccurrences(of: "SPLIT", with: "never"), backend: .docker) == [
        "service 'base' has split: never, but the docker backend builds one platform per invocation"
      ])
    // The docker backend splits on its own.
    let docker = try plan(
      base.replacingOccurrences(of: "SPLIT", with: "auto"), contexts: ["base", "api"], backend: .docker)
    #expect(docker.order.contains("base@linux/amd64"))
    #expect(docker.job("base@linux/arm64")?.env == ["DOCKER_BUILDKIT": "1"])
  }

  @Test func toolchainsSplitAndExplicitArgumentsWin() throws {
    let plan = try plan(
      """
      services:
        api:
          context: api
          image: acme/api:1
          platforms: [linux/amd64, linux/arm64]
          toolchain: go
          args: {CGO_ENABLED: "1", VERSION: "2"}
          args_by_platform:
            linux/arm64: {GOARCH: arm64, GOARM64: v8.2}
      """, contexts: ["api"])
    let arm = try #require(plan.job("api@linux/arm64"))
    let args = arm.argv.enumerated().filter { $0.offset > 0 && arm.argv[$0.offset - 1] == "--build-arg" }.map(\.element)
    #expect(args == ["CGO_ENABLED=1", "GOARCH=arm64", "GOARM64=v8.2", "GOOS=linux", "VERSION=2"])
    #expect(
      problems(
        """
        services:
          api: {context: api, platforms: [linux/amd64, linux/arm64], toolchain: go, split: never}
        """, contexts: ["api"]) == [
          "service 'api' has split: never, but its platforms need different build arguments (toolchain or args_by_platform)"
        ])
  }

  @Test func withoutANativeBuilderTheDefaultBuilderTakesTheJobEmulated() throws {
    let plan = try plan(
      """
      builders:
        one: {platforms: [linux/amd64], docker_host: "unix:///one.sock"}
        two: {platforms: [linux/amd64, linux/arm64], docker_context: two, default: true}
        pi: {platforms: [linux/arm/v7], concurrency: 1, docker_host: "unix:///pi.sock"}
      services:
        base: {context: base, image: acme/base:1, platforms: [linux/amd64, linux/arm64, linux/arm/v7, linux/ppc64le]}
      """, contexts: ["base"])
    let amd = try #require(plan.job("base@linux/amd64"))
    #expect(amd.candidates == ["one", "two"])
    #expect(amd.builder == "one")
    #expect(amd.env == ["DOCKER_HOST": "unix:///one.sock"])
    let arm = try #require(plan.job("base@linux/arm64"))
    #expect(arm.candidates == ["two"])
    #expect(arm.argv.prefix(3) == ["docker", "--context", "two"])
    #expect(plan.job("base@linux/arm/v7")?.candidates == ["pi"])
    let ppc = try #require(plan.job("base@linux/ppc64le"))
    #expect(ppc.candidates == ["two"])
    #expect(ppc.emulated)
    #expect(plan.jobs.filter(\.emulated).map(\.id) == ["base@linux/ppc64le"])
  }

  @Test func buildxBuildersNeedTheBuildxBackend() {
    #expect(
      problems(Self.twoBuilders, files: Self.apiOnBase, backend: .docker) == [
        "builder 'arm' is the buildx builder 'arm-remote', which the docker backend cannot use"
      ])
    #expect(
      problems(Self.twoBuilders, backend: .docker, push: true).contains(
        "--push needs the buildx backend (the docker backend cannot push)"))
  }

  @Test func platformFlagNarrowsOrSetsPlatforms() throws {
    let yaml = """
      services:
        base: {context: base, image: acme/base:1, platforms: [linux/amd64, linux/arm64]}
        api: {context: api, image: acme/api:1}
        tool: {context: tool, image: acme/tool:1, platforms: [linux/amd64]}
        docs: {context: docs, image: acme/docs:1, platforms: [linux/amd64]}
        site: {context: site, image: acme/site:1, platforms: [linux/arm64]}
      """
    let files = ["site/Dockerfile": "FROM busybox\nCOPY --from=acme/docs:1 /html /srv\n"]
    let plan = try plan(
      yaml, files: files, contexts: ["base", "api", "tool", "docs", "site"], platforms: ["linux/arm64"])
    #expect(plan.job("base")?.platforms == ["linux/arm64"])
    #expect(plan.job("api")?.platforms == ["linux/arm64"], "a service without platforms gets the flag's")
    #expect(plan.job("tool") == nil, "tool builds none of them and nothing needs it")
    #expect(plan.job("docs")?.platforms == ["linux/amd64"], "site needs docs: built for its own platforms")
    #expect(
      plan.warnings.map(\.message).contains {
        $0.hasPrefix("service 'docs' builds none of linux/arm64, but 'site' needs it")
      })
    #expect(
      plan.warnings.map(\.message).contains(
        "--platform linux/arm64: 'tool' builds none of these platforms and is left out"))
    #expect(
      problems(yaml, files: files, contexts: ["base", "api", "tool", "docs", "site"], platforms: ["linux/s390x"])
        .contains("no service builds linux/s390x") == false,
      "api has no platforms of its own, so it builds linux/s390x")
    #expect(
      problems(
        "services:\n  tool: {context: tool, platforms: [linux/amd64]}\n", contexts: ["tool"], platforms: ["linux/s390x"]
      )
        == ["no service builds linux/s390x"])
  }

  @Test func dependentsOnOtherPlatformsAndTheDockerBackendAreWarnedAbout() throws {
    let yaml = """
      services:
        base: {context: base, image: acme/base:1, platforms: [linux/amd64], split: always}
        api: {context: api, image: acme/api:1, platforms: [linux/amd64, linux/arm64]}
      """
    let mixed = try plan(yaml, files: Self.apiOnBase)
    let warning = try #require(mixed.warnings.first { $0.message.contains("its dependency 'base'") })
    #expect(warning.message == "service 'api' builds linux/arm64, but its dependency 'base' builds only linux/amd64")
    #expect(warning.location?.line == 1)
    let split = """
      services:
        base: {context: base, image: acme/base:1, platforms: [linux/amd64, linux/arm64]}
        api: {context: api, image: acme/api:1, platforms: [linux/amd64, linux/arm64]}
      """
    let docker = try plan(split, files: Self.apiOnBase, backend: .docker)
    #expect(
      docker.warnings.map(\.message).contains(
        "service 'api' reads the image of 'base', which is built per platform and not pushed; the docker backend cannot point it at the per-platform images (acme/base:1-<os>-<arch>)"
      ))
  }

  @Test func perPlatformTagsAndContextNames() {
    let arm = Platform("linux/arm/v7")
    #expect(JobSplitting.perPlatformTag("acme/api:1", arm) == "acme/api:1-linux-arm-v7")
    #expect(JobSplitting.perPlatformTag("acme/api", arm) == "acme/api:latest-linux-arm-v7")
    #expect(JobSplitting.perPlatformTag("registry:5000/api", arm) == "registry:5000/api:latest-linux-arm-v7")
    #expect(JobSplitting.perPlatformTag("registry:5000/api:2", arm) == "registry:5000/api:2-linux-arm-v7")
    #expect(JobSplitting.contextName("acme/base:latest") == "acme/base")
    #expect(JobSplitting.contextName("docker.io/library/base:1") == "base:1")
    #expect(JobSplitting.contextName("ghcr.io/acme/base:1") == "ghcr.io/acme/base:1")
  }

  @Test func routingRewritesTheEndpoint() throws {
    let plan = try plan(
      """
      builders:
        a: {platforms: [linux/amd64], docker_host: "unix:///a.sock"}
        b: {platforms: [linux/amd64], docker_context: b}
        c: {platforms: [linux/amd64], buildx_builder: c}
        d: {platforms: [linux/amd64]}
      services:
        base: {context: base, image: acme/base:1, platforms: [linux/amd64]}
      """, contexts: ["base"])
    let job = try #require(plan.job("base"))
    #expect(job.candidates == ["a", "b", "c", "d"])
    let builders = Dictionary(uniqueKeysWithValues: plan.builders.map { ($0.name, $0) })
    let toB = job.routed(to: builders["b"]!)
    #expect(toB.env.isEmpty)
    #expect(toB.argv.prefix(5) == ["docker", "--context", "b", "buildx", "build"])
    #expect(toB.builder == "b")
    let toC = toB.routed(to: builders["c"]!)
    #expect(toC.argv.prefix(5) == ["docker", "buildx", "build", "--builder", "c"])
    let toD = toC.routed(to: builders["d"]!)
    #expect(toD.argv == Array(job.argv))
    #expect(toD.env.isEmpty)
    let back = toD.routed(to: builders["a"]!)
    #expect(back.argv == job.argv)
    #expect(back.env == job.env)
    #expect(builders["b"]!.clientCommand(client: "docker", ["load"]).argv == ["docker", "--context", "b", "load"])
    #expect(builders["a"]!.clientCommand(client: "docker", ["save", "x"]).env == ["DOCKER_HOST": "unix:///a.sock"])
    #expect(builders["c"]!.imageStore == builders["d"]!.imageStore, "buildx builders load into gantry's own engine")
  }

  @Test func planTextShowsBuildersAndWhereEachJobRuns() throws {
    let plan = try plan(Self.twoBuilders, files: Self.apiOnBase, push: true)
    let text = try PlanRenderer.render(plan, format: .text)
    #expect(
      text.contains(
        "builders:\n  amd  linux/amd64  concurrency 2  DOCKER_HOST=unix:///amd.sock  (default: takes what no builder runs natively)\n  arm  linux/arm64  concurrency 1  --builder arm-remote\n"
      ))
    #expect(text.contains("1. base@linux/amd64  [linux/amd64]  on amd (native)\n"))
    #expect(text.contains("3. base  manifest list  [linux/amd64, linux/arm64]  on amd\n"))
    let json = try PlanRenderer.render(plan, format: .json)
    #expect(json.contains("\"builder\" : \"arm\""))
    #expect(json.contains("\"emulated\" : false"))
    #expect(json.contains("\"docker_host\" : \"unix:///amd.sock\""))
  }
}
