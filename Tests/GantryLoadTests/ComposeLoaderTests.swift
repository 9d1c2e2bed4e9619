import GantryCore
import GantryLoad
import Testing

/// The `compose-app` fixture: a base image, an API, a web front end, an inline-Dockerfile worker and a database.
@Suite struct ComposeLoaderTests {
  static let ciEnvironment = ["TAG": "2.0.0", "BUILD_NUMBER": "77"]

  @Test func buildsOnlyServicesWithABuildSection() throws {
    let scratch = try ComposeScratch(fixture: "compose-app")
    let project = try scratch.load(["compose.yaml", "compose.ci.yaml"], environment: Self.ciEnvironment)
    #expect(project.root == scratch.root)
    #expect(project.files == [scratch.root + "/compose.yaml", scratch.root + "/compose.ci.yaml"])
    #expect(project.services.map(\.name) == ["base", "api", "web", "worker"])
    #expect(project.services.allSatisfy { $0.origin == .compose })
    #expect(project.warnings == [])
  }

  @Test func stringFormIsTheContext() throws {
    let scratch = try ComposeScratch(fixture: "compose-app")
    let base = try #require(try scratch.load(environment: Self.ciEnvironment).service(named: "base"))
    #expect(base.context.value == scratch.root + "/base")
    #expect(base.context.location?.description == scratch.at("compose.yaml", 11, 12))
    #expect(base.dockerfile?.value == scratch.root + "/base/Dockerfile")
    #expect(base.image?.value == "shop/base:2.0.0")
    #expect(base.location?.description == scratch.at("compose.yaml", 9, 3))
  }

  @Test func mappingFormWithMergedOverride() throws {
    let scratch = try ComposeScratch(fixture: "compose-app")
    let project = try scratch.load(["compose.yaml", "compose.ci.yaml"], environment: Self.ciEnvironment)
    let api = try #require(project.service(named: "api"))
    #expect(api.context.value == scratch.root + "/api")
    #expect(api.dockerfile?.value == scratch.root + "/api/api.Dockerfile")
    #expect(api.dockerfile?.location?.description == scratch.at("compose.yaml", 17, 19))
    #expect(api.target == "runtime")
    #expect(api.args == ["BASE_IMAGE": "shop-base", "CGO_ENABLED": "0", "GO_VERSION": "1.23"])
    #expect(api.additionalContexts.mapValues(\.value) == ["base": "service:base"])
    #expect(api.additionalContexts["base"]?.location?.description == scratch.at("compose.yaml", 24, 15))
    #expect(api.platforms == ["linux/amd64", "linux/arm64"])
    #expect(api.tags.map(\.value) == ["registry.example.com/shop/api:latest", "registry.example.com/shop/api:ci-77"])
    #expect(api.tags.last?.location?.description == scratch.at("compose.ci.yaml", 8, 11))
    #expect(api.cacheFrom == ["type=registry,ref=registry.example.com/shop/api:cache"])
    #expect(api.labels == ["com.example.team": "payments"])
    #expect(api.secrets == [BuildSecret(id: "npm_token", source: .file(scratch.root + "/secrets/npm_token.txt"))])
    #expect(api.image?.value == "shop/api:2.0.0")
    #expect(api.allTags.first == "shop/api:2.0.0")
    #expect(api.needs == [])
  }

  @Test func listFormArgumentsAndDefaultImageName() throws {
    let scratch = try ComposeScratch(fixture: "compose-app")
    let project = try scratch.load(["compose.yaml", "compose.ci.yaml"], environment: Self.ciEnvironment)
    let web = try #require(project.service(named: "web"))
    #expect(web.context.value == scratch.root + "/web")
    #expect(web.dockerfile?.value == scratch.root + "/web/Dockerfile")
    #expect(web.args == ["NODE_ENV": "production", "API_URL": "http://api:9090", "BUILD_NUMBER": "77"])
    #expect(web.target == "production")
    #expect(web.labels == ["com.example.stage": "ci"])
    #expect(web.ssh == ["default"])
    #expect(web.image?.value == "shop-web")
    #expect(web.image?.location == web.location)
  }

  @Test func inlineDockerfile() throws {
    let scratch = try ComposeScratch(fixture: "compose-app")
    let project = try scratch.load(["compose.yaml", "compose.ci.yaml"], environment: Self.ciEnvironment)
    let worker = try #require(project.service(named: "worker"))
    #expect(worker.context.value == scratch.root + "/worker")
    #expect(worker.dockerfile == nil)
    #expect(worker.dockerfileInline == "FROM shop-base\nCOPY . /app\nCMD [\"/app/run.sh\"]\n")
    #expect(worker.image?.value == "shop/worker:ci")
  }

  @Test func dotEnvFillsWhatTheEnvironmentLeavesOut() throws {
    let scratch = try ComposeScratch(fixture: "compose-app")
    let project = try scratch.load()
    #expect(project.files == [scratch.root + "/compose.yaml"])
    #expect(project.service(named: "base")?.image?.value == "shop/base:1.4.2")
    #expect(project.service(named: "api")?.args["GO_VERSION"] == "1.22")
    #expect(project.service(named: "api")?.tags.map(\.value) == ["registry.example.com/shop/api:latest"])
    #expect(project.service(named: "api")?.platforms == ["linux/amd64"])
    #expect(project.service(named: "web")?.args == ["NODE_ENV": "production", "API_URL": "http://api:9090"])
    #expect(project.service(named: "worker")?.image?.value == "shop-worker")
  }

  @Test func bareArgumentsComeFromTheEnvironment() throws {
    let scratch = try ComposeScratch(fixture: "compose-app")
    let project = try scratch.load(environment: ["GIT_SHA": "0a1b2c3", "BUILD_NUMBER": "12", "GO_VERSION": "1.21"])
    #expect(project.service(named: "api")?.args["GIT_SHA"] == "0a1b2c3")
    #expect(project.service(named: "api")?.args["GO_VERSION"] == "1.21")
    #expect(project.service(named: "web")?.args["BUILD_NUMBER"] == "12")
  }

  @Test func namedContextsPathsAndEnvironmentSecrets() throws {
    let scratch = try ComposeScratch([
      "compose.yaml": """
      services:
        app:
          build:
            context: ${APP_DIR:-app}
            additional_contexts:
              - assets=./shared/assets
              - tools=docker-image://alpine:3.20
              - base=service:base
            secrets:
              - source: token
                target: npm
        base:
          build: base
      secrets:
        token:
          environment: NPM_TOKEN
      """,
      "app/Dockerfile": "FROM base\n",
      "base/Dockerfile": "FROM alpine:3.20\n",
      "shared/assets/logo.svg": "<svg/>\n",
    ])
    let app = try #require(try scratch.load().service(named: "app"))
    #expect(app.context.value == scratch.root + "/app")
    #expect(
      app.additionalContexts.mapValues(\.value) == [
        "assets": scratch.root + "/shared/assets", "tools": "docker-image://alpine:3.20", "base": "service:base",
      ])
    #expect(app.additionalContexts["assets"]?.location?.description == scratch.at("compose.yaml", 6, 11))
    #expect(app.secrets == [BuildSecret(id: "npm", source: .environment("NPM_TOKEN"))])
  }

  @Test func projectLoaderFindsComposeFiles() throws {
    let scratch = try ComposeScratch(fixture: "compose-app")
    let found = try ProjectLoader.load(folder: scratch.root, environment: Self.ciEnvironment)
    #expect(found.files == [scratch.root + "/compose.yaml"])
    let named = try ProjectLoader.load(
      folder: scratch.root, files: ["compose.yaml", "compose.ci.yaml"], environment: Self.ciEnvironment)
    #expect(named.service(named: "worker")?.image?.value == "shop/worker:ci")
  }
}
