import GantryCore
import GantryLoad
import Testing

/// Several compose files: later files override earlier ones as the compose specification's merge rules say.
@Suite struct ComposeMergeTests {
  static let dockerfiles = [
    "app/Dockerfile": "FROM alpine:3.20\n",
    "app/Dockerfile.dev": "FROM alpine:3.20\nRUN apk add --no-cache bash\n",
  ]

  func scratch(base: String, override: String, at overridePath: String = "compose.override.yaml") throws
    -> ComposeScratch
  {
    try ComposeScratch(Self.dockerfiles.merging(["compose.yaml": base, overridePath: override]) { $1 })
  }

  @Test func stringFormMergesWithMappingForm() throws {
    let scratch = try scratch(
      base: """
        services:
          app:
            build: ./app
        """,
      override: """
        services:
          app:
            build:
              dockerfile: Dockerfile.dev
              target: dev
        """)
    let app = try #require(try scratch.load(["compose.yaml", "compose.override.yaml"]).service(named: "app"))
    #expect(app.context.value == scratch.root + "/app")
    #expect(app.dockerfile?.value == scratch.root + "/app/Dockerfile.dev")
    #expect(app.target == "dev")
  }

  @Test func scalarsReplaceMappingsMergeListsAppend() throws {
    let scratch = try scratch(
      base: """
        services:
          app:
            image: acme/app:1
            build:
              context: app
              target: prod
              args: {A: "1", B: "1"}
              labels: [team=core]
              tags: [acme/app:latest, acme/app:stable]
              platforms: [linux/amd64]
              cache_to: [type=inline]
              ssh: [default]
        """,
      override: """
        services:
          app:
            image: acme/app:2
            build:
              target: debug
              args: [B=2, C=3]
              labels: {team: platform, tier: backend}
              tags: [acme/app:stable, acme/app:edge]
              platforms: [linux/amd64, linux/arm64]
              cache_to: ["type=local,dest=/tmp/cache"]
              ssh: {deploy: ./keys/deploy.pem}
        """)
    let app = try #require(try scratch.load(["compose.yaml", "compose.override.yaml"]).service(named: "app"))
    #expect(app.image?.value == "acme/app:2")
    #expect(app.target == "debug")
    #expect(app.args == ["A": "1", "B": "2", "C": "3"])
    #expect(app.labels == ["team": "platform", "tier": "backend"])
    #expect(app.tags.map(\.value) == ["acme/app:latest", "acme/app:stable", "acme/app:edge"])
    #expect(app.platforms == ["linux/amd64", "linux/arm64"])
    #expect(app.cacheTo == ["type=inline", "type=local,dest=/tmp/cache"])
    #expect(app.ssh == ["default", "deploy=./keys/deploy.pem"])
  }

  @Test func resetAndOverrideTagsReplaceInsteadOfMerging() throws {
    let scratch = try scratch(
      base: """
        services:
          app:
            build:
              context: app
              args: {A: "1", B: "1"}
              tags: [acme/app:latest]
              target: prod
        """,
      override: """
        services:
          app:
            build:
              args: !override {C: "3"}
              tags: !reset []
              target: !reset null
        """)
    let app = try #require(try scratch.load(["compose.yaml", "compose.override.yaml"]).service(named: "app"))
    #expect(app.args == ["C": "3"])
    #expect(app.tags == [])
    #expect(app.target == nil)
  }

  @Test func resetBuildMakesTheServiceNoBuildJob() throws {
    let scratch = try scratch(
      base: """
        services:
          app:
            build: ./app
          tool:
            build: ./app
        """,
      override: """
        services:
          tool:
            image: acme/tool:1
            build: !reset null
        """)
    let project = try scratch.load(["compose.yaml", "compose.override.yaml"])
    #expect(project.services.map(\.name) == ["app"])
  }

  @Test func relativePathsResolveAgainstTheFirstFilesFolder() throws {
    let scratch = try scratch(
      base: """
        services:
          app:
            image: acme/app
        """,
      override: """
        services:
          app:
            build:
              context: ./app
              secrets: [token]
          extra:
            build: app
        secrets:
          token:
            file: ./token.txt
        """,
      at: "deploy/compose.prod.yaml")
    let project = try scratch.load(["compose.yaml", "deploy/compose.prod.yaml"])
    #expect(project.root == scratch.root)
    #expect(project.services.map(\.name) == ["app", "extra"])
    #expect(project.service(named: "app")?.context.value == scratch.root + "/app")
    #expect(
      project.service(named: "app")?.context.location?.description == scratch.at("deploy/compose.prod.yaml", 4, 16))
    #expect(
      project.service(named: "app")?.secrets == [BuildSecret(id: "token", source: .file(scratch.root + "/token.txt"))])
    #expect(project.service(named: "extra")?.context.value == scratch.root + "/app")
  }

  @Test func secretsMergeByTargetAndResolveThroughTheMergedDefinitions() throws {
    let scratch = try scratch(
      base: """
        services:
          app:
            build:
              context: app
              secrets:
                - token
                - source: cert
                  target: tls
        secrets:
          token:
            file: ./token.txt
          cert:
            file: ./cert.pem
        """,
      override: """
        services:
          app:
            build:
              secrets:
                - source: ci_token
                  target: token
        secrets:
          ci_token:
            environment: CI_TOKEN
          cert:
            file: ./ci-cert.pem
        """)
    let app = try #require(try scratch.load(["compose.yaml", "compose.override.yaml"]).service(named: "app"))
    #expect(
      app.secrets == [
        BuildSecret(id: "tls", source: .file(scratch.root + "/ci-cert.pem")),
        BuildSecret(id: "token", source: .environment("CI_TOKEN")),
      ])
  }

  @Test func projectNameComesFromTheFolderWhenNotDeclared() throws {
    let scratch = try ComposeScratch([
      "My_Shop.v2/compose.yaml": "services:\n  app:\n    build: .\n",
      "My_Shop.v2/Dockerfile": "FROM alpine:3.20\n",
    ])
    let project = try scratch.load(["My_Shop.v2/compose.yaml"])
    #expect(project.service(named: "app")?.image?.value == "my_shopv2-app")
    let named = try scratch.load(["My_Shop.v2/compose.yaml"], environment: ["COMPOSE_PROJECT_NAME": "store"])
    #expect(named.service(named: "app")?.image?.value == "store-app")
  }
}
