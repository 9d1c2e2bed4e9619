import GantryCore
import GantryDockerfile
import Testing

@Suite struct StageTests {
  @Test func copyFromStageImageAndIndex() {
    let file = parse(
      """
      FROM golang:1.22 AS build
      FROM alpine:3.20 AS tools
      FROM debian:12
      COPY --from=build /out /app
      COPY --from=BUILD /out /app2
      COPY --from=0 /a /b
      COPY --from=1 /c /d
      COPY --from=nginx:1.27 /etc/nginx /etc/nginx
      COPY --chown=1000:1000 --link --chmod=755 --from=ghcr.io/acme/bin:2 /bin/x /bin/x
      COPY /local /local
      """)
    #expect(file.references == ["golang:1.22", "alpine:3.20", "debian:12", "nginx:1.27", "ghcr.io/acme/bin:2"])
    #expect(file.imageUses.map(\.kind) == [.from, .from, .from, .copyFrom, .copyFrom])
    #expect(file.imageUses.map(\.stageIndex) == [0, 1, 2, 2, 2])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func quotedFlagValues() {
    let file = parse(
      "FROM alpine AS a\nFROM b\nCOPY --from=\"a\" /x /y\nCOPY \"--from=c\" /x /y\nCOPY --from='img:1' /x /y\n")
    #expect(file.references == ["alpine", "b", "img:1"])
  }

  @Test func fromBaseNamingEarlierStage() {
    let file = parse("FROM node:20 AS Deps\nFROM deps AS build\nCOPY --from=DEPS /a /b\n")
    #expect(file.stages.map(\.baseIsStage) == [false, true])
    #expect(file.stages.map(\.name) == ["deps", "build"])
    #expect(file.references == ["node:20"])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func fromMatchesStageNamesCaseSensitively() {
    // BuildKit lower-cases `AS` names and looks `FROM` up as written: `FROM DEPS` is an image, and an invalid one.
    let file = parse("FROM node:20 AS deps\nFROM DEPS\n")
    #expect(file.stages.map(\.baseIsStage) == [false, false])
    #expect(file.messages == ["FROM image 'DEPS' is not a valid image reference"])
    #expect(file.errors.first?.hint == "stage names match case-sensitively in FROM: write FROM deps")
    #expect(file.errors.first?.location.map { [$0.line, $0.column] } == [2, 6])
  }

  @Test func stageNamedLikeItsBaseImage() {
    let file = parse("FROM nginx AS nginx\nFROM nginx\n")
    #expect(file.references == ["nginx"])
    #expect(file.stages.map(\.baseIsStage) == [false, true])
    #expect(file.diagnostics.isEmpty)
  }

  @Test func laterStageNamesAreImages() {
    let file = parse(
      """
      FROM builder AS first
      COPY --from=late /a /b
      RUN --mount=from=late,target=/x true
      FROM alpine AS builder
      FROM busybox AS late
      """)
    #expect(file.references == ["builder", "late", "alpine", "busybox"])
    #expect(file.stages.map(\.baseIsStage) == [false, false, false])
    #expect(file.warnings.map(\.location?.line) == [1, 3])
    // BuildKit resolves COPY --from once every stage is known and refuses a later one.
    #expect(file.errors.map(\.message) == ["COPY --from=late names stage 'late', which is defined later (line 5)"])
    #expect(file.errors.first?.location.map { [$0.line, $0.column] } == [2, 13])
  }

  @Test func scratchIsNotAnImage() {
    let file = parse("FROM scratch AS empty\nCOPY --from=scratch /a /b\nFROM empty\n")
    #expect(file.stages.count == 2)
    #expect(file.stages[0].isScratch)
    #expect(file.stages[1].baseIsStage)
    #expect(file.imageUses.isEmpty)
  }

  @Test func platformFlag() {
    let file = parse(
      """
      FROM --platform=$BUILDPLATFORM golang AS a
      FROM --platform=${BUILDPLATFORM} golang AS b
      FROM --platform="$BUILDPLATFORM" golang AS c
      FROM --platform=linux/amd64 golang AS d
      FROM --platform=$TARGETPLATFORM golang AS e
      FROM golang AS f
      """)
    #expect(file.stages.map(\.usesBuildPlatform) == [true, true, true, false, false, false])
    #expect(file.stages[3].platformWritten == "linux/amd64")
    #expect(file.stages[5].platformWritten == nil)
  }

  @Test func numericIndexMustBeAnEarlierStage() {
    let file = parse("FROM alpine\nCOPY --from=0 /a /b\nFROM busybox\nCOPY --from=5 /a /b\n")
    #expect(file.references == ["alpine", "busybox"])
    #expect(file.errors.map(\.location?.line) == [2, 4])
  }

  @Test func copyFromOwnStageIsAnError() {
    let file = parse("FROM alpine AS self\nCOPY --from=self /a /b\n")
    #expect(file.references == ["alpine"])
    #expect(file.messages == ["COPY --from=self refers to the stage it is in"])
  }

  @Test func addHasNoFromFlag() {
    let file = parse("FROM alpine\nADD --chown=1 https://example.com/x /x\n")
    #expect(file.references == ["alpine"])
  }

  @Test(arguments: [
    ("FROM", "FROM needs an image"),
    ("FROM alpine AS", "FROM ... AS needs a stage name"),
    ("FROM alpine base", "FROM takes an image and an optional 'AS name'"),
    ("FROM alpine AS 1st", "invalid stage name '1st'"),
    ("FROM --flavour=x alpine", "unknown flag '--flavour' for FROM"),
  ])
  func malformedFrom(_ line: String, _ message: String) {
    let file = parse(line + "\n")
    #expect(file.stages.count == 1)
    #expect(file.messages == [message])
  }

  @Test func repeatedStageNameIsAWarningAndTheLastOneWins() {
    let file = parse("FROM alpine AS a\nFROM busybox AS A\nFROM a\nCOPY --from=a /x /y\n")
    #expect(file.errors.isEmpty)
    #expect(
      file.warnings.map(\.message) == [
        "duplicate stage name 'a': this stage replaces stage 0 (line 1) from here on"
      ])
    #expect(file.warnings.first?.location.map { [$0.line, $0.column] } == [2, 17])
    #expect(file.stages[2].baseIsStage)
    #expect(file.stage(named: "A")?.index == 1)
    #expect(file.references == ["alpine", "busybox"])
  }
}
