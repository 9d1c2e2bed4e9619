import GantryCore
import GantryDockerfile
import Testing

@Suite struct HeredocTests {
  @Test func bodyLinesThatLookLikeInstructionsAreSkipped() {
    let file = parse(
      """
      FROM alpine AS base
      RUN <<EOF
      FROM evil:1
      COPY --from=evil:2 /a /b
      RUN --mount=from=evil:3 true
      EOF
      COPY --from=golang:1.22 /usr/local/go /go
      """)
    #expect(file.stages.count == 1)
    #expect(file.references == ["alpine", "golang:1.22"])
    #expect(file.imageUses.last?.location.line == 7)
    #expect(file.diagnostics.isEmpty)
  }

  @Test func dashHeredocAllowsIndentedTerminatorWithTabs() {
    let file = parse("FROM alpine\nRUN <<-EOT\n\tFROM evil\n\tEOT\nFROM busybox\n")
    #expect(file.references == ["alpine", "busybox"])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func plainHeredocNeedsTerminatorAtLineStart() {
    let file = parse("FROM alpine\nRUN <<EOT\n\tEOT\nFROM evil\n")
    #expect(file.references == ["alpine"])
    #expect(file.messages == ["unterminated heredoc 'EOT'"])
  }

  @Test(arguments: ["<<\"EOF\"", "<<'EOF'", "<<-\"EOF\"", "<<E\"O\"F", "3<<EOF"])
  func quotedDelimiters(_ marker: String) {
    let file = parse("FROM alpine\nRUN cat \(marker) > /x\nFROM evil\nEOF\nFROM busybox\n")
    #expect(file.references == ["alpine", "busybox"])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func severalHeredocsOnOneLine() {
    let file = parse(
      """
      FROM alpine
      COPY <<a <<b /dst/
      FROM evil:a
      a
      FROM evil:b
      b
      FROM busybox
      """)
    #expect(file.references == ["alpine", "busybox"])
    #expect(file.stages.count == 2)
    #expect(file.stages[1].location.line == 7)
  }

  @Test func heredocAfterFlagsAndContinuation() {
    let file = parse(
      """
      FROM alpine
      RUN --mount=type=cache,target=/root/.cache \\
          python3 <<PY
      FROM evil
      PY
      ADD <<EOF /etc/motd
      FROM evil
      EOF
      ONBUILD RUN <<X
      FROM evil
      X
      FROM busybox
      """)
    #expect(file.references == ["alpine", "busybox"])
  }

  @Test func unterminatedHeredocIsAnError() {
    let file = parse("FROM alpine\nRUN <<EOF\necho hi\nFROM evil\n")
    #expect(file.references == ["alpine"])
    #expect(file.errors.count == 1)
    #expect(file.errors.first?.message == "unterminated heredoc 'EOF'")
    #expect(file.errors.first?.location == SourceLocation(file: "Dockerfile", line: 2, column: 1))
  }

  @Test(arguments: [
    "RUN [\"sh\", \"-c\", \"cat <<EOF\"]", "RUN echo \"<<EOF\"", "RUN echo '<<EOF'", "RUN cat <<<EOF",
    "ENV A=<<EOF", "RUN echo a<<EOF",
  ])
  func notHeredocs(_ instruction: String) {
    let file = parse("FROM alpine\n\(instruction)\nFROM busybox\n")
    #expect(file.references == ["alpine", "busybox"])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func heredocInExecFormWithFlagsIsNotAHeredoc() {
    let file = parse("FROM alpine\nRUN --network=none [\"cat\", \"<<EOF\"]\nFROM busybox\n")
    #expect(file.references == ["alpine", "busybox"])
  }
}
