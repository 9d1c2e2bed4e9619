import GantryCore
import GantryDockerfile
import Testing

@Suite struct LocationTests {
  @Test func imageUseColumnsPointAtTheReference() {
    let file = parse(
      """
      ARG BASE=alpine
      FROM ${BASE}:3 AS base
        FROM --platform=$BUILDPLATFORM golang:1.22
      COPY --link --from=nginx:1 /a /b
      RUN --mount=type=cache,from=acme/cache,target=/c true
      """)
    let locations = file.imageUses.map { [$0.location.line, $0.location.column] }
    #expect(locations == [[2, 6], [3, 34], [4, 20], [5, 29]])
    #expect(file.imageUses.allSatisfy { $0.location.file == "Dockerfile" })
    #expect(file.stages.map { [$0.location.line, $0.location.column] } == [[2, 1], [3, 3]])
  }

  @Test func referencesOnContinuationLines() {
    let file = parse(
      """
      FROM \\
          alpine:3 \\
          AS base
      RUN --mount=type=bind,target=/a \\
        --mount=type=cache,from=acme/cache:1,target=/c \\
        true
      COPY \\
      # comment
        --from=\"nginx:1\" /a /b
      """)
    let locations = file.imageUses.map { [$0.location.line, $0.location.column] }
    #expect(locations == [[2, 5], [5, 27], [9, 11]])
    #expect(file.stages[0].location.line == 1)
  }

  @Test func columnsCountCharactersNotBytes() {
    let file = parse("FROM alpine\nRUN --mount=id=é,from=img:1 true\n")
    #expect(file.imageUses.last?.location.column == 23)
  }

  @Test func imageUsesAreInFileOrder() {
    let file = parse(
      "FROM a:1 AS x\nCOPY --from=b:1 / /\nFROM c:1\nRUN --mount=from=d:1 true\nCOPY --from=e:1 / /\n")
    #expect(file.references == ["a:1", "b:1", "c:1", "d:1", "e:1"])
    #expect(file.imageUses.map(\.location.line) == [1, 2, 3, 4, 5])
  }
}
