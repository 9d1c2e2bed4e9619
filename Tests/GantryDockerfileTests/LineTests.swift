import GantryCore
import GantryDockerfile
import Testing

@Suite struct LineTests {
  @Test func commentsAndBlankLinesInsideContinuationsAreSkipped() {
    let file = parse(
      """
      FROM alpine AS one
      RUN apk add \\
      # a comment in the middle
          curl \\

          git
      COPY --from=one \\
        # another comment
        /a /b
      FROM two
      """)
    #expect(file.stages.map(\.base) == ["alpine", "two"])
    #expect(file.stages[1].location.line == 10)
    #expect(file.references == ["alpine", "two"])
  }

  @Test func commentLinesDoNotContinue() {
    let file = parse("FROM alpine\n# RUN a \\\nFROM busybox\n")
    #expect(file.stages.count == 2)
  }

  @Test func continuationAllowsTrailingBlanksAfterTheEscape() {
    let file = parse("FROM alpine \\  \t\n  AS build\n")
    #expect(file.stages.first?.name == "build")
  }

  @Test func instructionsAreCaseInsensitive() {
    let file = parse("from alpine as Build\ncopy --from=BUILD /a /b\nFrOm build\nRun --mount=from=build true\n")
    #expect(file.stages.map(\.name) == ["build", nil])
    #expect(file.stages[1].baseIsStage)
    #expect(file.references == ["alpine"])
  }

  @Test func windowsLineEndings() {
    let file = parse("FROM alpine AS a\r\nCOPY --from=node:20 /x /y\r\nFROM a\r\n")
    #expect(file.references == ["alpine", "node:20"])
    #expect(file.stages[1].baseIsStage)
  }

  @Test func unknownInstructionIsAnErrorWithSuggestion() {
    let file = parse("FROM alpine\nRUNN echo\n")
    #expect(file.messages == ["unknown instruction 'RUNN'"])
    #expect(file.errors.first?.hint == "did you mean 'RUN'?")
    #expect(file.errors.first?.location?.line == 2)
  }

  @Test func instructionBeforeFirstFromIsAnError() {
    let file = parse("RUN echo\nFROM alpine\n")
    #expect(file.errors.map(\.location?.line) == [1])
  }

  @Test func emptyFileHasNoStages() {
    let file = parse("# just a comment\n\n")
    #expect(file.stages.isEmpty)
    #expect(file.messages == ["the Dockerfile has no FROM instruction"])
  }

  @Test func onbuildContentIsIgnored() {
    let file = parse("FROM alpine\nONBUILD COPY --from=evil:1 /a /b\nONBUILD RUN --mount=from=evil:2 true\n")
    #expect(file.references == ["alpine"])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func onbuildCannotWrapFrom() {
    let file = parse("FROM alpine\nONBUILD FROM busybox\n")
    #expect(file.references == ["alpine"])
    #expect(file.messages == ["ONBUILD cannot wrap FROM"])
  }
}
