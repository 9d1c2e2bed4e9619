import GantryCore
import GantryDockerfile
import Testing

@Suite struct ArgTests {
  @Test func globalArgsWithDefaults() {
    let file = parse(
      """
      ARG A=1
      ARG B="x y" C=3
      ARG D
      ARG E=${A}-e
      FROM alpine
      ARG NOT_GLOBAL=1
      """)
    #expect(
      file.globalArgs == [
        ArgDeclaration(name: "A", defaultValue: "1", line: 1),
        ArgDeclaration(name: "B", defaultValue: "x y", line: 2),
        ArgDeclaration(name: "C", defaultValue: "3", line: 2),
        ArgDeclaration(name: "D", defaultValue: nil, line: 3),
        ArgDeclaration(name: "E", defaultValue: "1-e", line: 4),
      ])
  }

  @Test func substitutionInFrom() {
    let file = parse(
      """
      ARG REGISTRY=ghcr.io/acme
      ARG BASE=${REGISTRY}/base
      ARG TAG=1
      FROM ${BASE}:$TAG AS one
      """)
    #expect(file.stages[0].baseWritten == "${BASE}:$TAG")
    #expect(file.stages[0].base == "ghcr.io/acme/base:1")
    #expect(file.references == ["ghcr.io/acme/base:1"])
  }

  @Test func buildArgsOverrideDefaults() {
    let text = "ARG TAG=1\nARG BASE\nFROM acme/${BASE:-base}:${TAG}\n"
    #expect(parse(text).references == ["acme/base:1"])
    #expect(parse(text, buildArgs: ["TAG": "2", "BASE": "other"]).references == ["acme/other:2"])
    #expect(parse(text, buildArgs: ["TAG": "2"]).globalArgs.first?.defaultValue == "1")
  }

  @Test func buildArgsOnlyApplyToDeclaredArgs() {
    let file = parse("FROM alpine:${TAG:-3}\n", buildArgs: ["TAG": "9"])
    #expect(file.references == ["alpine:3"])
    #expect(file.warnings.map(\.message) == ["FROM uses undeclared build argument 'TAG'"])
  }

  @Test(arguments: [
    ("${V:-x}", "x"), ("${V-x}", "x"), ("${V:+x}", ""), ("${V+x}", ""),
    ("${E:-x}", "x"), ("${E-x}", ""), ("${E:+x}", ""), ("${E+x}", "x"),
    ("${S:-x}", "s"), ("${S-x}", "s"), ("${S:+x}", "x"), ("${S+x}", "x"),
    ("${S:-${E:-nested}}", "s"), ("${V:-${S}}", "s"), ("${V:-'q'}", "q"),
  ])
  func defaultAndAlternativeForms(_ expression: String, _ expected: String) {
    // V is declared without a value (unset), E is set to the empty string, S is set.
    let file = parse("ARG V\nARG E=\nARG S=s\nFROM img:pre\(expression)post\n")
    #expect(file.stages.first?.base == "img:pre\(expected)post")
  }

  @Test(arguments: [
    ("${P#*/}", "amd64/v2"), ("${P##*/}", "v2"), ("${P%/*}", "linux/amd64"), ("${P%%/*}", "linux"),
    ("${P/amd64/arm64}", "linux/arm64/v2"), ("${P//\\//-}", "linux-amd64-v2"),
  ])
  func patternForms(_ expression: String, _ expected: String) {
    let file = parse("ARG P=linux/amd64/v2\nFROM img:\(expression)\n")
    #expect(file.stages.first?.base == "img:\(expected)")
  }

  @Test func escapedDollarAndQuotes() {
    let file = parse("ARG A=1\nFROM \"img\":\\$A-'$A'-\"$A\"\n")
    #expect(file.stages.first?.base == "img:$A-$A-1")
  }

  @Test func escapedDollarWithBacktickEscape() {
    let file = parse("# escape=`\nARG A=1\nFROM img:`$A-$A\n")
    #expect(file.stages.first?.base == "img:$A-1")
  }

  @Test func unsetVariableBecomesEmpty() {
    let file = parse("ARG V\nFROM img:a${V}b$V\n")
    #expect(file.stages.first?.base == "img:ab")
    #expect(file.diagnostics.isEmpty)
  }

  @Test func emptyImageAfterSubstitutionIsAnError() {
    let file = parse("ARG BASE\nFROM $BASE\n")
    #expect(file.references.isEmpty)
    #expect(file.stages.count == 1)
    #expect(file.errors.map(\.message) == ["FROM image '$BASE' is empty after substitution"])
  }

  @Test func platformArgsStayAsWrittenUnlessGiven() {
    let text = "ARG TARGETARCH\nFROM --platform=$BUILDPLATFORM golang:1.22-${TARGETARCH} AS build\nFROM img:$TARGETOS\n"
    let file = parse(text)
    #expect(file.stages.map(\.base) == ["golang:1.22-${TARGETARCH}", "img:$TARGETOS"])
    #expect(file.stages[0].platformWritten == "$BUILDPLATFORM")
    #expect(file.stages[0].usesBuildPlatform)
    #expect(file.diagnostics.isEmpty)
    let given = parse(text, buildArgs: ["TARGETARCH": "arm64", "TARGETOS": "linux"])
    #expect(given.stages.map(\.base) == ["golang:1.22-arm64", "img:linux"])
  }

  @Test func badSubstitutionIsAnError() {
    let file = parse("ARG A=1\nFROM img:${A\n")
    #expect(file.errors.count == 1)
    #expect(file.errors.first?.location?.column == 6)
  }

  @Test func requiredArgument() {
    let file = parse("ARG V\nFROM img:${V:?required}\n")
    #expect(file.errors.map(\.message) == ["FROM img:${V:?required}: V: required"])
  }

  @Test func copyFromWithVariablesIsAnError() {
    let file = parse(
      """
      ARG VERSION=1.0
      FROM alpine
      ARG VERSION
      ARG TOOL=acme/tool
      COPY --from=${TOOL}:${VERSION} /bin/tool /bin/tool
      """)
    #expect(file.references == ["alpine"])
    #expect(file.messages == ["COPY --from=${TOOL}:${VERSION}: BuildKit does not expand variables here"])
    #expect(file.errors.first?.location.map { [$0.line, $0.column] } == [5, 13])
  }
}
