import GantryCore
import GantryDockerfile
import Testing

@Suite struct DirectiveTests {
  @Test func defaultEscapeIsBackslash() {
    let file = parse("FROM alpine\n")
    #expect(file.escape == "\\")
    #expect(file.directives.isEmpty)
  }

  @Test func backtickEscapeJoinsContinuationLines() {
    let file = parse(
      """
      # escape=`
      FROM mcr.microsoft.com/windows/servercore:ltsc2022 `
        AS base
      RUN dir c:\\ `
          && echo done
      FROM base
      """)
    #expect(file.escape == "`")
    #expect(file.stages.count == 2)
    #expect(file.stages[0].name == "base")
    #expect(file.stages[1].baseIsStage)
    #expect(file.references == ["mcr.microsoft.com/windows/servercore:ltsc2022"])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func backslashDoesNotContinueWithBacktickEscape() {
    let file = parse("# escape=`\nFROM alpine\nRUN echo c:\\\nFROM busybox\n")
    #expect(file.stages.map(\.base) == ["alpine", "busybox"])
  }

  @Test(arguments: ["#ESCAPE=`", "# Escape = `", "#  escape=`   ", "\t# escape=`"])
  func directiveSpellings(_ directive: String) {
    let file = parse("\(directive)\nFROM a `\n  AS b\n")
    #expect(file.escape == "`")
    #expect(file.stages.first?.name == "b")
  }

  @Test(arguments: [
    "# a comment\n# escape=`\n", "\n# escape=`\n", "FROM x\n# escape=`\n", "# unknown=1\n# escape=`\n",
  ])
  func directivesOnlyCountAtTheVeryTop(_ prefix: String) {
    let file = parse(prefix + "FROM alpine\n")
    #expect(file.escape == "\\")
  }

  @Test func syntaxAndCheckDirectivesAreRecorded() {
    let file = parse("# syntax=docker/dockerfile:1.7\n# check=skip=JSONArgsRecommended\nFROM alpine\n")
    #expect(file.syntax == "docker/dockerfile:1.7")
    #expect(file.directives["check"] == "skip=JSONArgsRecommended")
    #expect(file.diagnostics.isEmpty)
  }

  @Test func invalidEscapeIsAnError() {
    let file = parse("# escape=x\nFROM alpine\n")
    #expect(file.escape == "\\")
    #expect(file.errors.count == 1)
    #expect(file.errors.first?.location == SourceLocation(file: "Dockerfile", line: 1, column: 10))
  }

  @Test func repeatedDirectiveIsAnError() {
    let file = parse("# escape=`\n# escape=\\\nFROM alpine\n")
    #expect(file.escape == "`")
    #expect(file.messages == ["only one 'escape' parser directive can be used"])
  }

  @Test func byteOrderMarkIsIgnored() {
    let file = parse("\u{FEFF}# escape=`\nFROM alpine\n")
    #expect(file.escape == "`")
    #expect(file.stages.first?.location.line == 2)
  }
}
