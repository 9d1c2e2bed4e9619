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
