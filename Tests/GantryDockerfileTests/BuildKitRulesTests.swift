import GantryCore
import GantryDockerfile
import Testing

/// Cases where a valid Dockerfile was read differently from BuildKit, and what BuildKit refuses.
@Suite struct BuildKitRulesTests {
  // MARK: An escaped escape at the end of a line ends the instruction

  @Test func escapedBackslashAtLineEndIsNotAContinuation() {
    let file = parse(
      """
      FROM alpine AS build
      RUN echo done\\\\
      FROM busybox
      COPY --from=build /out /out
      """)
    #expect(file.stages.map(\.base) == ["alpine", "busybox"])
    #expect(file.references == ["alpine", "busybox"])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func windowsPathEndingInBackslashes() {
    let file = parse(
      "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS build\nRUN mkdir C:\\\\app\\\\\nFROM build\n")
    #expect(file.stages.count == 2)
    #expect(file.stages[1].baseIsStage)
  }

  @Test func escapedBacktickAtLineEndIsNotAContinuation() {
    let file = parse("# escape=`\nFROM alpine AS build\nRUN echo done``\nFROM build\n")
    #expect(file.stages.count == 2)
    #expect(file.stages[1].baseIsStage)
  }

  @Test func singleEscapeStillContinues() {
    let file = parse("FROM alpine AS build\nRUN echo \\\\ \\\n  more\nFROM build\n")
    #expect(file.stages.count == 2)
    #expect(file.stages[1].location.line == 4)
  }

  @Test(arguments: ["FROM alpine\nRUN echo hi\n\\\n", "FROM alpine\nRUN echo hi\n  \\  \n\n# end\n"])
  func loneEscapeAtTheEndOfTheFileIsAnError(_ text: String) {
    let file = parse(text)
    #expect(file.messages == ["the file ends with a line continuation ('\\') and no instruction"])
    #expect(file.errors.first?.location?.line == 3)
  }

  @Test(arguments: [
    "FROM alpine AS a\n\\\nFROM a\n", "FROM alpine AS a\n  \\\nFROM a\n",
    "FROM alpine AS a\nRUN x \\\n\\\n  y\nFROM a\n",
  ])
  func loneEscapeLineContinues(_ text: String) {
    // BuildKit joins a line holding only the escape to the next one.
    let file = parse(text)
    #expect(file.diagnostics.isEmpty)
    #expect(file.stages.count == 2)
    #expect(file.stages[1].baseIsStage)
  }

  @Test func threeEscapesAtTheEndDoNotContinue() {
    // BuildKit looks only at the byte before the last escape; it does not count them.
    let file = parse("FROM alpine AS a\nRUN echo hi \\\\\\\nFROM a\n")
    #expect(file.stages.count == 2)
  }

  // MARK: ARG scoping

  @Test func globalArgDeclaredAgainWithoutDefaultKeepsItsValue() {
    let file = parse("ARG BASE=busybox\nARG BASE\nFROM ${BASE}\n")
    #expect(file.references == ["busybox"])
    #expect(file.diagnostics.isEmpty)
    #expect(file.globalArgs.map(\.defaultValue) == ["busybox", nil])
  }

  @Test func stageSeesOnlyTheArgumentsItDeclares() {
    // A global argument reaches a stage only through `ARG NAME` in that stage.
    let undeclared = parse("ARG V=1\nFROM alpine\nARG W=${V:?missing}\n")
    #expect(undeclared.messages == ["ARG W: V: missing"])
    #expect(parse("ARG V=1\nFROM alpine\nARG V\nARG W=${V:?missing}\n").diagnostics.isEmpty)
  }

  @Test func stageBuiltOnAnotherInheritsItsArguments() {
    let text =
      "FROM alpine AS base\nARG V=1\nFROM base AS child\nARG W=${V:?missing}\nFROM alpine\nARG X=${V:?missing}\n"
    let file = DockerfileParser.parse(text, file: "Dockerfile", target: "child")
    #expect(file.diagnostics.isEmpty)
    let last = parse(text)
    #expect(last.messages == ["ARG X: V: missing"])
  }

  // MARK: Only what BuildKit evaluates can fail

  @Test func unexpandableGlobalDefaultIsAnErrorUnlessOverridden() {
    let text = "ARG VARIANT=${templateOption:imageVariant}\nFROM mcr.microsoft.com/devcontainers/base:${VARIANT}\n"
    #expect(parse(text).errors.first?.message == "ARG VARIANT: unsupported modifier ':i' in substitution")
    let given = parse(text, buildArgs: ["VARIANT": "bookworm"])
    #expect(given.diagnostics.isEmpty)
    #expect(given.references == ["mcr.microsoft.com/devcontainers/base:bookworm"])
  }

  @Test func unexpandableStageDefaultFailsOnlyInBuiltStages() {
    let text = """
      FROM alpine AS unused
      ARG VARIANT=${templateOption:imageVariant}
      FROM alpine AS used
      ARG OTHER=${templateOption:other}
      FROM used AS final
      """
    let file = parse(text)
    #expect(file.messages == ["ARG OTHER: unsupported modifier ':o' in substitution"])
    #expect(file.errors.first?.location.map { [$0.line, $0.column] } == [4, 11])
    #expect(DockerfileParser.parse(text, file: "Dockerfile", target: "unused").errors.map(\.location?.line) == [2])
    #expect(parse(text, buildArgs: ["OTHER": "x"]).diagnostics.isEmpty)
  }

  @Test func stageReadThroughCopyFromIsBuilt() {
    let text = "FROM alpine AS tools\nARG V=${x:y}\nFROM alpine\nCOPY --from=tools /a /b\n"
    #expect(parse(text).errors.map(\.location?.line) == [2])
    #expect(parse(text.replacingOccurrences(of: "--from=tools", with: "--from=0")).errors.count == 1)
  }

  // MARK: What BuildKit refuses

  @Test(arguments: [
    ("ENV PATH", "ENV PATH has no value"),
    ("LABEL maintainer", "LABEL maintainer has no value"),
    ("ENV A=1 B", "ENV mixes name=value with 'B', which has no '='"),
    ("ENV =1", "ENV has an empty name before '='"),
    ("ENV", "ENV needs a name and a value"),
    ("COPY --from=a --from=a /x /y", "COPY has --from twice"),
    ("COPY --from=-1 /x /y", "COPY --from=-1: invalid stage index -1"),
  ])
  func refusedInstruction(_ line: String, _ message: String) {
    let file = parse("FROM alpine AS a\nFROM busybox\n\(line)\n")
    #expect(file.messages == [message])
    #expect(file.errors.first?.location?.line == 3)
  }

  @Test(arguments: ["ENV PATH=/bin", "ENV PATH /usr/bin:/bin", "ENV A=1 B=\"2 3\"", "ENV A=", "LABEL a=b c=d"])
  func acceptedNameValues(_ line: String) {
    #expect(parse("FROM alpine\n\(line)\n").diagnostics.isEmpty)
  }

  @Test func repeatedPlatformFlagIsAnError() {
    let file = parse("FROM --platform=linux/amd64 --platform=linux/arm64 alpine\n")
    #expect(file.messages == ["FROM has --platform twice"])
  }

  // MARK: Bounded nesting

  @Test(arguments: [20_000, 40_000])
  func deeplyNestedSubstitutionIsAnErrorNotACrash(_ depth: Int) {
    let word = String(repeating: "${A:-", count: depth) + "x" + String(repeating: "}", count: depth)
    let file = parse("ARG A\nFROM busybox\nARG B=\(word)\nFROM img:\(word)\n")
    #expect(file.errors.map(\.location?.line) == [4])
    #expect(file.errors.first?.message.hasSuffix("substitutions nested more than 100 levels deep") == true)
    #expect(file.errors.first.map { $0.message.count < 200 } == true)
  }

  @Test func nestingUpToTheBoundIsRead() {
    let word = String(repeating: "${A:-", count: 100) + "x" + String(repeating: "}", count: 100)
    let file = parse("ARG A\nFROM img:\(word)\n")
    #expect(file.diagnostics.isEmpty)
    #expect(file.references == ["img:x"])
  }

  // MARK: Encodings

  @Test func latin1BytesAreRead() {
    var bytes = Array("FROM alpine AS build\n# caf".utf8)
    bytes += [0xE9]
    bytes += Array("\nRUN echo ".utf8) + [0xE9, 0xE8] + Array("\nFROM build\nCOPY --from=nginx:1 /a /b\n".utf8)
    let file = DockerfileParser.parse(bytes: bytes, file: "Dockerfile")
    #expect(file.diagnostics.isEmpty)
    #expect(file.stages.count == 2)
    #expect(file.references == ["alpine", "nginx:1"])
    #expect(file.imageUses.last.map { [$0.location.line, $0.location.column] } == [5, 13])
  }
}
