import GantryCore
import GantryLoad
import Testing

/// Service-level `platform:` (compose specification, "platform"): the platform the image is built for.
@Suite struct ComposePlatformTests {
  func scratch(_ service: String) throws -> ComposeScratch {
    try ComposeScratch([
      "app/Dockerfile": "FROM alpine:3.20\n",
      "compose.yaml": "services:\n  app:\n    build:\n      context: ./app\n" + service,
    ])
  }

  @Test func platformSetsTheBuildPlatform() throws {
    let scratch = try scratch("    platform: wasi/wasm\n")
    #expect(try scratch.load().service(named: "app")?.platforms == ["wasi/wasm"])
  }

  @Test func anEmptyInterpolatedPlatformLeavesItUnset() throws {
    let scratch = try scratch("    platform: ${DOCKER_PLATFORM:-}\n")
    #expect(try scratch.load().service(named: "app")?.platforms == [])
    let set = try scratch.load(environment: ["DOCKER_PLATFORM": "linux/arm64"])
    #expect(set.service(named: "app")?.platforms == ["linux/arm64"])
  }

  @Test func aPlatformAmongBuildPlatformsKeepsThemAll() throws {
    let scratch = try scratch("      platforms: [linux/amd64, linux/arm64]\n    platform: linux/arm64\n")
    #expect(try scratch.load().service(named: "app")?.platforms == ["linux/amd64", "linux/arm64"])
  }

  @Test func aPlatformOutsideBuildPlatformsIsAnError() throws {
    let scratch = try scratch("      platforms: [linux/amd64]\n    platform: linux/arm64\n")
    let problems = scratch.problems()
    #expect(
      problems.map(\.message) == [
        "platform 'linux/arm64' of service 'app' is not one of its build.platforms (linux/amd64)"
      ])
    #expect(problems.first?.place == scratch.at("compose.yaml", 6, 15))
  }
}
