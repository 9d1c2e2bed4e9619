import GantryCore
import GantryDockerfile
import Testing

@Suite struct InstructionListingTests {
  @Test func instructionsCarryStageFlagsWordsAndTheirPlaces() throws {
    let text = """
      # syntax=docker/dockerfile:1
      ARG BASE=alpine:3.20
      FROM ${BASE} AS build
      RUN --mount=type=cache,target=/root/.npm,sharing=locked \\
          npm ci && \\
          # a comment inside the continuation
          npm run build
      COPY --link --chown=1:1 ["a b.txt", "c", "/dst/"]
      FROM build
      RUN <<EOT
      set -e
      apt-get update
      EOT
      CMD ["run"]
      """
    let list = DockerfileParser.instructions(text, file: "Dockerfile")
    #expect(list.map(\.keyword) == ["ARG", "FROM", "RUN", "COPY", "FROM", "RUN", "CMD"])
    #expect(list.map(\.stageIndex) == [nil, 0, 0, 0, 1, 1, 1])
    let run = list[2]
    #expect(run.location == GantryCore.SourceLocation(file: "Dockerfile", line: 4, column: 1))
    #expect(run.endLine == 7)
    #expect(run.flag("mount")?.mountFields == ["type": "cache", "target": "/root/.npm", "sharing": "locked"])
    #expect(run.arguments.contains("npm ci &&"))
    #expect(run.arguments.contains("npm run build"))
    #expect(!run.arguments.contains("comment"))
    let copy = list[3]
    #expect(copy.isExecForm)
    #expect(copy.flags.map(\.name) == ["link", "chown"])
    #expect(copy.words.map(\.text) == ["a b.txt", "c", "/dst/"])
    #expect(copy.words[1].location.column == 38)
    let heredoc = list[5]
    #expect(heredoc.heredocText == "set -e\napt-get update\nEOT")
    #expect(heredoc.endLine == 13)
    #expect(heredoc.shellText.contains("apt-get update"))
    #expect(list[6].location.line == 14)
  }

  @Test func theEscapeDirectiveChangesTheContinuation() {
    let text = "# escape=`\nFROM x:1\nRUN echo a `\n    b\nWORKDIR C:\\src\n"
    let list = DockerfileParser.instructions(text, file: "D")
    #expect(list.map(\.keyword) == ["FROM", "RUN", "WORKDIR"])
    #expect(list[1].arguments == "echo a     b")
    #expect(list[1].endLine == 4)
    #expect(list[2].arguments == "C:\\src")
  }

  @Test func unknownInstructionsAreListedAsWritten() {
    let list = DockerfileParser.instructions("FROM x:1\nFROBNICATE now\n", file: "D")
    #expect(list.map(\.keyword) == ["FROM", "FROBNICATE"])
    #expect(list[1].isKnown == false)
  }
}
