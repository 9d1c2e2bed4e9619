import GantryCore
import GantryLoad
import Testing

/// `extends` (compose specification, "Extend"): a service starts from another, of the same file or of
/// `file:`, and its own settings merge over the base's as a later compose file's would.
@Suite struct ComposeExtendsTests {
  static let dockerfiles = [
    "app/Dockerfile": "FROM alpine:3.20\n", "app/Dockerfile.dev": "FROM alpine:3.20\n",
    "common/base/Dockerfile": "FROM alpine:3.20\n",
  ]

  func scratch(_ files: [String: String]) throws -> ComposeScratch {
    try ComposeScratch(Self.dockerfiles.merging(files) { $1 })
  }

  @Test func aServiceThatOnlyExtendsIsBuiltLikeItsBase() throws {
    let scratch = try scratch([
      "compose.yaml": """
      services:
        base:
          build:
            context: ./app
            args: {A: "1"}
        copy:
          extends: base
      """
    ])
    let project = try scratch.load()
    #expect(project.services.map(\.name) == ["base", "copy"])
    let copy = try #require(project.service(named: "copy"))
    #expect(copy.context.value == scratch.root + "/app")
    #expect(copy.args == ["A": "1"])
    #expect(copy.image?.value == "\(ComposeProjectNameForTests.name(scratch))-copy")
  }

  @Test func ownSettingsMergeOverTheBase() throws {
    let scratch = try scratch([
      "compose.yaml": """
      services:
        base:
          image: acme/base
          build:
            context: ./app
            args: {A: "1", B: "2"}
            tags: [acme/base:extra]
        dev:
          extends: {service: base}
          image: acme/dev
          build:
            dockerfile: Dockerfile.dev
            args: {B: "3", C: "4"}
            tags: [acme/dev:extra]
      """
    ])
    let dev = try #require(try scratch.load().service(named: "dev"))
    #expect(dev.context.value == scratch.root + "/app")
    #expect(dev.dockerfile?.value == scratch.root + "/app/Dockerfile.dev")
    #expect(dev.args == ["A": "1", "B": "3", "C": "4"])
    #expect(dev.tags.map(\.value) == ["acme/base:extra", "acme/dev:extra"])
    #expect(dev.image?.value == "acme/dev")
  }

  @Test func aBaseInAnotherFileKeepsPathsRelativeToThatFile() throws {
    let scratch = try scratch([
      "common/services.yaml": """
      services:
        builder:
          build:
            context: ./base
            args: {FROM_FILE: "yes"}
        chained:
          extends: builder
          build:
            args: {CHAINED: "yes"}
      """,
      "compose.yaml": """
      services:
        api:
          extends:
            file: common/services.yaml
            service: chained
          image: acme/api
      """,
    ])
    let project = try scratch.load()
    #expect(project.services.map(\.name) == ["api"])
    let api = try #require(project.service(named: "api"))
    #expect(api.context.value == scratch.root + "/common/base")
    #expect(api.args == ["FROM_FILE": "yes", "CHAINED": "yes"])
  }

  @Test func aMissingBaseIsAnErrorWhereTheExtendsIsWritten() throws {
    let scratch = try scratch([
      "compose.yaml": """
      services:
        base:
          build: ./app
        copy:
          extends:
            service: bsae
      """
    ])
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["service 'copy' extends 'bsae', which is not a service"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 6, 16))
    #expect(problems.first?.hint == "did you mean 'base'?")
  }

  @Test func aMissingBaseInAnotherFileNamesTheFile() throws {
    let scratch = try scratch([
      "other.yaml": "services:\n  one:\n    build: ./app\n",
      "compose.yaml": "services:\n  copy:\n    extends: {file: other.yaml, service: two}\n",
    ])
    #expect(scratch.problems().map(\.message) == ["service 'copy' extends 'two', which is not a service in other.yaml"])
  }

  /// Compose applies each file's `extends` before merging the files: an override of the base does not
  /// reach the services that extend it.
  @Test func extendsIsAppliedPerFileBeforeOverridesMerge() throws {
    let scratch = try scratch([
      "compose.yaml": """
      services:
        base:
          build: ./app
        copy:
          extends: base
      """,
      "compose.override.yaml": "services:\n  base:\n    build:\n      target: dev\n",
    ])
    let project = try scratch.load(["compose.yaml", "compose.override.yaml"])
    #expect(project.service(named: "base")?.target == "dev")
    #expect(project.service(named: "copy")?.target == nil)
  }

  @Test func aMissingFileIsAnErrorAtItsName() throws {
    let scratch = try scratch(["compose.yaml": "services:\n  copy:\n    extends: {file: nope.yaml, service: two}\n"])
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["service 'copy' extends a service of nope.yaml, a file that does not exist"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 3, 21))
  }

  @Test func aCycleIsAnError() throws {
    let scratch = try scratch([
      "compose.yaml": "services:\n  a:\n    extends: b\n    build: ./app\n  b:\n    extends: a\n"
    ])
    let messages = scratch.problems().map(\.message)
    #expect(messages.contains("extends cycle: a -> b -> a"))
  }
}

/// The project name compose gives a scratch folder (its name, normalized).
enum ComposeProjectNameForTests {
  static func name(_ scratch: ComposeScratch) -> String {
    let base = scratch.root.split(separator: "/").last.map(String.init) ?? ""
    return String(
      base.lowercased().unicodeScalars.filter {
        ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
      }.map(Character.init))
  }
}
