import GantryCore
import GantryLoad
import Testing

/// Values that interpolate to nothing fall back to compose's defaults instead of naming an empty image,
/// an empty Dockerfile path or an empty target.
@Suite struct ComposeFallbackTests {
  @Test func emptyInterpolationsFallBackToTheDefaults() throws {
    let scratch = try ComposeScratch([
      "app/Dockerfile": "FROM alpine:3.20\n",
      "compose.yaml": """
      name: shop
      services:
        app:
          image: ${UNSET_IMAGE}
          build:
            context: ./app
            dockerfile: ${UNSET_DOCKERFILE:-}
            target: ${UNSET_TARGET-}
      """,
    ])
    let project = try scratch.load()
    let app = try #require(project.service(named: "app"))
    #expect(app.image?.value == "shop-app")
    #expect(app.dockerfile?.value == scratch.root + "/app/Dockerfile")
    #expect(app.target == nil)
    #expect(project.warnings.map(\.message) == ["variable 'UNSET_IMAGE' is not set, using an empty string"])
  }

  @Test func anEmptyContextIsTheProjectFolder() throws {
    let scratch = try ComposeScratch([
      "Dockerfile": "FROM alpine:3.20\n",
      "compose.yaml": "services:\n  app:\n    build:\n      context: ${CONTEXT:-}\n",
    ])
    #expect(try scratch.load().service(named: "app")?.context.value == scratch.root)
  }
}

/// A compose project where nothing is built says so, and why, instead of planning no job in silence.
@Suite struct ComposeNothingToBuildTests {
  @Test func aWarningListsTheServicesWithoutBuild() throws {
    let scratch = try ComposeScratch([
      "compose.yaml": "services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n"
    ])
    let project = try scratch.load()
    #expect(project.services.isEmpty)
    #expect(
      project.warnings.map(\.message) == ["the compose files have no service to build (without build: db, cache)"])
  }

  @Test func servicesOutsideTheActiveProfilesAreNamedToo() throws {
    let scratch = try ComposeScratch([
      "app/Dockerfile": "FROM alpine:3.20\n",
      "compose.yaml": "services:\n  db:\n    image: postgres:16\n  app:\n    build: ./app\n    profiles: [dev]\n",
    ])
    let warning = try #require(try scratch.load().warnings.first)
    #expect(
      warning.message == "the compose files have no service to build (without build: db; in inactive profiles: app)")
    #expect(warning.hint == "activate a profile with --profile NAME or COMPOSE_PROFILES")
  }
}
