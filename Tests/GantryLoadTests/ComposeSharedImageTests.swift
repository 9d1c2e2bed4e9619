import GantryCore
import GantryLoad
import Testing

/// Several services naming one `image:`. Compose builds such an image once when the build definitions are
/// the same (one image, several services running it); gantry plans one job naming all of them.
@Suite struct ComposeSharedImageTests {
  static let dockerfiles = ["app/Dockerfile": "FROM alpine:3.20\n", "other/Dockerfile": "FROM alpine:3.20\n"]

  @Test func identicalBuildsThroughAnAnchorBecomeOneService() throws {
    let scratch = try ComposeScratch(
      Self.dockerfiles.merging([
        "compose.yaml": """
        x-app: &app
          image: acme/app:1
          build:
            context: ./app
            args: {MODE: prod}
        services:
          web:
            <<: *app
            command: serve
          worker:
            <<: *app
            command: work
          cron: *app
          db:
            image: acme/app:1
        """
      ]) { $1 })
    let project = try scratch.load()
    #expect(project.services.map(\.name) == ["web"])
    let web = try #require(project.service(named: "web"))
    #expect(web.sharedBy == ["worker", "cron"])
    #expect(web.args == ["MODE": "prod"])
    #expect(web.image?.value == "acme/app:1")
  }

  @Test func differentBuildsForOneImageAreAnErrorShowingBoth() throws {
    let scratch = try ComposeScratch(
      Self.dockerfiles.merging([
        "compose.yaml": """
        services:
          web:
            image: acme/app:1
            build: ./app
          worker:
            image: acme/app:1
            build:
              context: ./other
              args: [MODE=worker]
        """
      ]) { $1 })
    let problems = scratch.problems()
    #expect(problems.count == 1)
    let problem = try #require(problems.first)
    #expect(problem.message.hasPrefix("services 'web' and 'worker' both build the image 'acme/app:1' with different"))
    #expect(problem.message.contains("context: 'web' has \(scratch.root)/app, 'worker' has \(scratch.root)/other"))
    #expect(problem.message.contains("args: 'web' has none, 'worker' has [MODE=worker]"))
    #expect(problem.place == scratch.at("compose.yaml", 6, 12))
  }

  @Test func aContextNamingASharingServiceNamesTheJobThatBuildsIt() throws {
    let scratch = try ComposeScratch(
      Self.dockerfiles.merging([
        "compose.yaml": """
        services:
          web: &app
            image: acme/app:1
            build: ./app
          worker: *app
          other:
            build:
              context: ./other
              additional_contexts: {app: "service:worker"}
        """
      ]) { $1 })
    let project = try scratch.load()
    #expect(project.services.map(\.name) == ["web", "other"])
    #expect(project.service(named: "other")?.additionalContexts["app"]?.value == "service:web")
  }
}
