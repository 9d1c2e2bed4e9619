import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

/// `profiles:` (compose specification, "Profiles"): a service with profiles is built only while one of
/// them is active; services without profiles always are.
@Suite struct ComposeProfileTests {
  func scratch() throws -> ComposeScratch {
    try ComposeScratch([
      "app/Dockerfile": "FROM alpine:3.20\n",
      "compose.yaml": """
      services:
        app:
          build: ./app
        debug:
          build: ./app
          profiles: [debug]
        tools:
          build: ./app
          profiles: [tools, debug]
      """,
    ])
  }

  func names(_ project: Project) -> [String] { project.services.map(\.name) }

  @Test func servicesWithProfilesAreLeftOutWhenNoneIsActive() throws {
    #expect(names(try scratch().load()) == ["app"])
  }

  @Test func theProfileOptionEnablesItsServices() throws {
    let scratch = try scratch()
    let project = try ComposeLoader.load(
      paths: [scratch.root + "/compose.yaml"], environment: [:], options: ComposeOptions(profiles: ["tools"]))
    #expect(names(project) == ["app", "tools"])
  }

  @Test func composeProfilesFromTheEnvironmentOrDotEnv() throws {
    let scratch = try scratch()
    #expect(names(try scratch.load(environment: ["COMPOSE_PROFILES": "debug"])) == ["app", "debug", "tools"])
    try Fixtures.write([".env": "COMPOSE_PROFILES=tools\n"], into: scratch.root)
    #expect(names(try scratch.load()) == ["app", "tools"])
  }

  @Test func theProfileOptionWinsOverTheEnvironmentAndStarEnablesAll() throws {
    let scratch = try scratch()
    let options = ComposeOptions(profiles: ["*"])
    let project = try ComposeLoader.load(
      paths: [scratch.root + "/compose.yaml"], environment: ["COMPOSE_PROFILES": "tools"], options: options)
    #expect(names(project) == ["app", "debug", "tools"])
  }
}
