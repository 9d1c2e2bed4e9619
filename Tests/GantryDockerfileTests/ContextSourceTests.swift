import GantryCore
import GantryDockerfile
import Testing

@Suite struct ContextSourceTests {
  func sources(_ text: String) -> [String?] {
    parse(text).contextSources.map(\.literalPath)
  }

  @Test func copyAndAddSourcesWithoutFrom() {
    let file = parse(
      """
      FROM scratch
      COPY src/a.go ./lib/ /app/
      ADD --chown=1:1 ["docs/x.md", "/d/"]
      COPY --from=build /out /out
      ADD https://example.com/x.tgz /x
      COPY <<EOF /etc/x
      hello
      EOF
      """)
    #expect(file.contextSources.map(\.literalPath) == ["src/a.go", "lib", "docs/x.md"])
    #expect(file.contextSources.map(\.instruction) == [.copy, .copy, .add])
    #expect(file.contextSources[0].location == SourceLocation(file: "Dockerfile", line: 2, column: 6))
    #expect(file.stageReferences == [StageReference(stageIndex: 0, written: "build")])
  }

  @Test func anythingButAPlainPathIsNotLiteral() {
    #expect(sources("FROM scratch\nCOPY . /app") == [nil])
    #expect(sources("FROM scratch\nCOPY ./ /app") == [nil])
    #expect(sources("FROM scratch\nCOPY *.go /app") == [nil])
    #expect(sources("FROM scratch\nARG D=src\nCOPY $D /app") == [nil])
    #expect(sources("FROM scratch\nCOPY ../x /app") == [nil])
    #expect(sources("FROM scratch\nCOPY \"a b\" /app") == [nil, nil])
    #expect(sources("FROM scratch\nCOPY [\"a\\\\b\", \"/app\"] ") == [nil])
    #expect(sources("FROM scratch\nCOPY /abs/./x/ /app") == ["abs/x"])
  }

  @Test func bindMountsFromTheContext() {
    let file = parse(
      """
      FROM scratch AS base
      RUN --mount=type=bind,source=go.mod,target=/m --mount=target=/all --mount=type=cache,target=/c true
      RUN --mount=from=base,target=/b --mount=type=bind,src=$X,target=/x true
      """)
    #expect(file.contextSources.map(\.literalPath) == ["go.mod", nil, nil])
    #expect(file.stageReferences.map(\.written) == ["base"])
  }

  @Test func stagesBuiltFollowBasesAndFromReferences() {
    let file = parse(
      """
      FROM scratch AS a
      FROM scratch AS b
      COPY --from=a /x /x
      FROM b AS c
      FROM scratch AS unrelated
      FROM c AS final
      RUN --mount=from=0,target=/z true
      """)
    #expect(file.stagesBuilt(target: nil) == [0, 1, 2, 4])
    #expect(file.stagesBuilt(target: "b") == [0, 1])
    #expect(file.stagesBuilt(target: "unrelated") == [3])
    #expect(file.stagesBuilt(target: "missing") == nil)
    #expect(parse("FROM scratch\nCOPY --from=$S /x /x").stagesBuilt(target: nil) == nil)
  }
}
