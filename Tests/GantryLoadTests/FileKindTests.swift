import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

/// A file named with `-f` is read as a manifest or as compose by what it holds, not by its name.
@Suite struct FileKindTests {
  static let compose = "services:\n  app:\n    build: ./app\n    image: acme/app\n"
  static let manifest = "services:\n  app:\n    context: app\n    image: acme/app\n"

  func folder(_ files: [String: String]) throws -> String {
    let root = try Fixtures.temporaryFolder("kind")
    try Fixtures.write(["app/Dockerfile": "FROM alpine:3.20\n"].merging(files) { $1 }, into: root)
    return root
  }

  @Test func aComposeFileWithGantryInItsNameIsReadAsCompose() throws {
    let root = try folder(["docker-compose.gantry.yml": Self.compose])
    let project = try ProjectLoader.load(folder: root, files: ["docker-compose.gantry.yml"])
    #expect(project.services.first?.origin == .compose)
    #expect(project.services.map(\.name) == ["app"])
  }

  @Test func aManifestWithAnyNameIsReadAsAManifest() throws {
    let root = try folder(["ci.yml": Self.manifest])
    let project = try ProjectLoader.load(folder: root, files: ["ci.yml"])
    #expect(project.services.first?.origin == .manifest)
    #expect(project.services.map(\.name) == ["app"])
  }

  @Test func topLevelKeysDecideBeforeServices() throws {
    let root = try folder(["ci.yml": "backend: docker\n" + Self.manifest, "other.yml": "name: shop\n" + Self.compose])
    #expect(try ProjectLoader.load(folder: root, files: ["ci.yml"]).services.first?.origin == .manifest)
    #expect(try ProjectLoader.load(folder: root, files: ["other.yml"]).services.first?.origin == .compose)
  }

  @Test func aManifestAmongSeveralFilesIsAnErrorSayingHowItWasRead() throws {
    let root = try folder(["compose.yaml": Self.compose, "ci.yml": Self.manifest])
    let error = #expect(throws: DiagnosticsError.self) {
      try ProjectLoader.load(folder: root, files: ["compose.yaml", "ci.yml"])
    }
    let message = try #require(error?.diagnostics.first?.message)
    #expect(
      message.hasSuffix(
        "ci.yml reads as a gantry manifest (service key 'context'), which cannot be combined with other files"))
  }

  @Test func whenTheContentSaysNothingTheNameDecides() throws {
    let root = try folder(["gantry.yml": "services: {}\n", "other.yml": "services: {}\n"])
    // As a manifest, no services is allowed; as compose, it is an error.
    #expect(try ProjectLoader.load(folder: root, files: ["gantry.yml"]).services.isEmpty)
    let error = #expect(throws: DiagnosticsError.self) { try ProjectLoader.load(folder: root, files: ["other.yml"]) }
    #expect(error?.diagnostics.first?.message == "the compose files define no services")
    let note = try #require(error?.diagnostics.last)
    #expect(note.severity == .note)
    #expect(note.message.hasSuffix("other.yml was read as a compose file because of its name (its content fits both)"))
    #expect(note.hint == "a gantry manifest has services with context:, or name it gantry.yml or *.gantry.yml")
  }
}
