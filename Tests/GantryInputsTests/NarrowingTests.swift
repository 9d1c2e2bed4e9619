import Foundation
import GantryDockerfile
import GantryTestSupport
import Testing

@testable import GantryInputs

@Suite struct NarrowingTests {
  func paths(_ text: String, target: String? = nil, checked: Bool = false) -> [String]? {
    ContextNarrowing.literalPaths(
      in: DockerfileParser.parse(text, file: "Dockerfile"), target: target, baseImagesCheckedForOnbuild: checked)
  }

  @Test func literalSourcesOfTheBuiltStagesOnly() {
    let text = """
      FROM scratch AS deps
      COPY go.mod go.sum /
      FROM scratch AS docs
      COPY . /docs
      FROM deps
      COPY src /src
      RUN --mount=type=bind,source=tools,target=/t true
      """
    #expect(paths(text) == ["go.mod", "go.sum", "src", "tools"])
    #expect(paths(text, target: "docs") == nil)
    #expect(paths(text, target: "deps") == ["go.mod", "go.sum"])
  }

  @Test func anyDoubtMeansTheWholeContext() {
    #expect(paths("FROM scratch\nCOPY $SRC /x") == nil)
    #expect(paths("FROM scratch\nRUN --mount=target=/x true") == nil)
    #expect(paths("FROM scratch\nCOPY a /x\nBOGUS") == nil)
  }

  @Test func externalBaseImagesMayCarryOnbuildTriggers() {
    #expect(paths("FROM alpine\nCOPY a /a") == nil)
    #expect(paths("FROM alpine\nCOPY a /a", checked: true) == ["a"])
  }

  @Test func theFileSetKeepsOnlyThosePathsUnlessALinkIsFollowed() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["src/a.go": "a", "srcx/b": "b", "README.md": "r", "real/c": "c"], into: root)
    let rules = IgnoreRules.none(dialect: .docker2010)
    let narrow = try ContextFileSet.scan(root: root, rules: rules, limitedTo: ["src"])
    #expect(narrow.entries.map(\.path) == ["src", "src/a.go"])
    #expect(narrow.limitedTo == ["src"])
    try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: "real")
    let linked = try ContextFileSet.scan(root: root, rules: rules, limitedTo: ["link/c"])
    #expect(linked.limitedTo == nil)
    #expect(linked.entries.count == 8)
  }
}
