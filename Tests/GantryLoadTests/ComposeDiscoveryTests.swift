import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

/// Which compose files are read and with which variables, as `docker compose` decides: the override file
/// beside the main file, `COMPOSE_FILE` with `COMPOSE_PATH_SEPARATOR`, `--env-file`.
@Suite struct ComposeDiscoveryTests {
  static let base = "services:\n  app:\n    build: ./app\n    image: acme/app:${TAG:-base}\n"

  func folder(_ files: [String: String]) throws -> String {
    let root = try Fixtures.temporaryFolder("discovery")
    try Fixtures.write(["app/Dockerfile": "FROM alpine:3.20\n"].merging(files) { $1 }, into: root)
    return root
  }

  @Test(arguments: ProjectLoader.overrideNames)
  func theOverrideFileIsReadAfterTheMainFile(override: String) throws {
    let root = try folder([
      "compose.yaml": Self.base, override: "services:\n  app:\n    build:\n      target: dev\n",
    ])
    let project = try ProjectLoader.load(folder: root)
    #expect(project.files == [root + "/compose.yaml", root + "/" + override])
    #expect(project.service(named: "app")?.target == "dev")
  }

  @Test func anOverrideFileHoldingOnlyCommentsIsEmpty() throws {
    let root = try folder([
      "docker-compose.yml": Self.base, "docker-compose.override.yml": "# nothing to override yet\n\n",
    ])
    let project = try ProjectLoader.load(folder: root)
    #expect(project.files.count == 2)
    #expect(project.services.map(\.name) == ["app"])
  }

  @Test func namedFilesLeaveTheOverrideFileAlone() throws {
    let root = try folder([
      "compose.yaml": Self.base, "compose.override.yml": "services:\n  app:\n    build:\n      target: dev\n",
    ])
    let project = try ProjectLoader.load(folder: root, files: ["compose.yaml"])
    #expect(project.service(named: "app")?.target == nil)
  }

  @Test func composeFileNamesTheFilesWithItsSeparator() throws {
    let root = try folder([
      "compose.yaml": Self.base, "ci.yaml": "services:\n  app:\n    build:\n      target: ci\n",
      "compose.override.yml": "services:\n  app:\n    build:\n      target: dev\n",
    ])
    let colon = try ProjectLoader.load(folder: root, environment: ["COMPOSE_FILE": "compose.yaml:ci.yaml"])
    #expect(colon.files == [root + "/compose.yaml", root + "/ci.yaml"])
    #expect(colon.service(named: "app")?.target == "ci")
    let semicolon = try ProjectLoader.load(
      folder: root, environment: ["COMPOSE_FILE": "compose.yaml;ci.yaml", "COMPOSE_PATH_SEPARATOR": ";"])
    #expect(semicolon.files == [root + "/compose.yaml", root + "/ci.yaml"])
  }

  @Test func composeFileMayBeSetInDotEnv() throws {
    let root = try folder([
      "compose.yaml": Self.base, "ci.yaml": "services:\n  app:\n    build:\n      target: ci\n",
      ".env": "COMPOSE_FILE=compose.yaml:ci.yaml\n",
    ])
    #expect(try ProjectLoader.load(folder: root).service(named: "app")?.target == "ci")
  }

  @Test func envFilesReplaceDotEnvAndLaterOnesWin() throws {
    let root = try folder([
      "compose.yaml": Self.base, ".env": "TAG=dotenv\n", "one.env": "TAG=one\nOTHER=x\n",
      "two.env": "TAG=two-${OTHER}\n",
    ])
    #expect(try ProjectLoader.load(folder: root).service(named: "app")?.image?.value == "acme/app:dotenv")
    let options = ComposeOptions(envFiles: [root + "/one.env", root + "/two.env"])
    let project = try ProjectLoader.load(folder: root, compose: options)
    #expect(project.service(named: "app")?.image?.value == "acme/app:two-x")
    let environment = try ProjectLoader.load(folder: root, environment: ["TAG": "env"], compose: options)
    #expect(environment.service(named: "app")?.image?.value == "acme/app:env")
  }

  @Test func aMissingEnvFileIsAnError() throws {
    let root = try folder(["compose.yaml": Self.base])
    let options = ComposeOptions(envFiles: [root + "/missing.env"])
    #expect(throws: DiagnosticsError.self) { try ProjectLoader.load(folder: root, compose: options) }
  }
}
