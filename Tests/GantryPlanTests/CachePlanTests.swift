import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// `cache:` in the manifest, expanded into the builder's cache options (docs/ci.md#cache).
@Suite struct CachePlanTests {
  static let onAMD64 = MultiArchOptions(hostPlatform: Platform("linux/amd64"))

  @Test(arguments: [Backend.buildx, .docker])
  func everyCacheBackendHasAGoldenPlan(backend: Backend) throws {
    let root = try Fixtures.copy("cache")
    let plan = try Planner().plan(
      try ProjectLoader.load(folder: root), options: PlanOptions(backend: backend, multiArch: Self.onAMD64))
    let outcome = try Golden.check(try PlanRenderer.render(plan, format: .json), named: "cache-\(backend).plan.json")
    if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
  }

  @Test func registryCacheIsOneRefPerServiceAndPlatformWithMaxMode() throws {
    let plan = try Self.plan(backend: .buildx)
    let arm = try #require(plan.job("api@linux/arm64"))
    #expect(
      Self.values(of: "--cache-from", in: arm.argv) == [
        "type=registry,ref=registry.acme.dev/api:buildcache-linux-arm64"
      ])
    #expect(
      Self.values(of: "--cache-to", in: arm.argv) == [
        "type=registry,ref=registry.acme.dev/api:buildcache-linux-arm64,mode=max"
      ])
    let amd = try #require(plan.job("api@linux/amd64"))
    #expect(
      Self.values(of: "--cache-to", in: amd.argv) == [
        "type=registry,ref=registry.acme.dev/api:buildcache-linux-amd64,mode=max"
      ])
    // A digest-pinned image keeps its repository; hand-written cache_from stays first.
    let worker = try #require(plan.job("worker"))
    #expect(
      Self.values(of: "--cache-from", in: worker.argv) == [
        "type=registry,ref=registry.acme.dev/shared:cache",
        "type=registry,ref=registry.acme.dev/worker:buildcache-linux-amd64",
      ])
  }

  @Test func ghaAndLocalCachesAreScopedByServiceAndPlatform() throws {
    let plan = try Self.plan(backend: .buildx)
    let web = try #require(plan.job("web"))
    #expect(Self.values(of: "--cache-from", in: web.argv) == ["type=gha,scope=web-linux-amd64"])
    #expect(Self.values(of: "--cache-to", in: web.argv) == ["type=gha,scope=web-linux-amd64,mode=max"])
    let tool = try #require(plan.job("tool"))
    #expect(Self.values(of: "--cache-from", in: tool.argv) == ["type=local,src=.gantry/cache/tool-linux-amd64"])
    #expect(Self.values(of: "--cache-to", in: tool.argv) == ["type=local,dest=.gantry/cache/tool-linux-amd64,mode=max"])
  }

  @Test func inlineCacheIsABuildArgumentWithTheDockerBackend() throws {
    let docker = try #require(try Self.plan(backend: .docker).job("base"))
    #expect(Self.values(of: "--build-arg", in: docker.argv).contains("BUILDKIT_INLINE_CACHE=1"))
    #expect(Self.values(of: "--cache-from", in: docker.argv) == ["registry.acme.dev/base:1"])
    #expect(!docker.argv.contains("--cache-to"))
    let buildx = try #require(try Self.plan(backend: .buildx).job("base"))
    #expect(Self.values(of: "--cache-to", in: buildx.argv) == ["type=inline"])
    #expect(Self.values(of: "--cache-from", in: buildx.argv) == ["type=registry,ref=registry.acme.dev/base:1"])
  }

  @Test func theDockerBackendWarnsAboutCachesItCannotExport() throws {
    let plan = try Self.plan(backend: .docker)
    let warned = plan.warnings.map(\.message).filter { $0.contains("needs the buildx backend") }
    #expect(warned.count == 4)  // api, web, tool, worker
    #expect(try #require(plan.job("web")).argv.contains("--cache-from") == false)
  }

  @Test func aServiceWithoutPlatformsCachesForItsBuildersPlatform() throws {
    let text = "defaults:\n  cache: registry\nservices:\n  api: {context: ., image: reg.test/api:1}\n"
    let root = try Fixtures.temporaryFolder("cache")
    try Fixtures.write(["Dockerfile": "FROM local/busybox:1\n"], into: root)
    let project = try ManifestLoader.load(text: text, path: root + "/gantry.yml")
    let planner = Planner()
    for host in ["linux/amd64", "linux/arm64"] {
      let plan = try planner.plan(
        project, options: PlanOptions(multiArch: MultiArchOptions(hostPlatform: Platform(host)!)))
      let suffix = host.replacingOccurrences(of: "/", with: "-")
      #expect(
        Self.values(of: "--cache-to", in: try #require(plan.job("api")).argv) == [
          "type=registry,ref=reg.test/api:buildcache-\(suffix),mode=max"
        ])
    }
  }

  @Test func anUnknownCacheIsAnErrorAtItsLine() throws {
    let text = "services:\n  api:\n    context: .\n    cache: s3\n"
    #expect {
      _ = try ManifestLoader.load(text: text, path: "/tmp/x/gantry.yml", display: "gantry.yml")
    } throws: { error in
      let rendered = (error as? DiagnosticsError)?.diagnostics.map(\.description).joined() ?? ""
      return rendered.contains("gantry.yml:4:12") && rendered.contains("must be one of registry, gha, local, inline")
    }
  }

  static func plan(backend: Backend) throws -> Plan {
    let root = try Fixtures.copy("cache")
    return try Planner().plan(
      try ProjectLoader.load(folder: root), options: PlanOptions(backend: backend, multiArch: onAMD64))
  }

  /// Every value following `flag` in `argv`.
  static func values(of flag: String, in argv: [String]) -> [String] {
    zip(argv, argv.dropFirst()).filter { $0.0 == flag }.map(\.1)
  }
}
