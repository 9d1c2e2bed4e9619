import GantryCore
import GantryDockerfile
import Testing

@Suite struct MountTests {
  @Test func mountFromStageAndImage() {
    let file = parse(
      """
      FROM golang:1.22 AS build
      FROM alpine
      RUN --mount=type=bind,from=build,source=/out,target=/in cp /in/app /app
      RUN --mount=type=cache,from=acme/cache:1,target=/root/.cache \\
          --mount=type=bind,source=go.sum,target=go.sum \\
          --mount=from=ghcr.io/acme/tools:2,src=/bin,dst=/tools \\
          make
      RUN --mount=type=tmpfs,target=/tmp --mount=type=secret,id=npm true
      """)
    #expect(file.references == ["golang:1.22", "alpine", "acme/cache:1", "ghcr.io/acme/tools:2"])
    #expect(file.imageUses.map(\.kind) == [.from, .from, .mountFrom, .mountFrom])
    #expect(file.imageUses.map(\.stageIndex) == [0, 1, 1, 1])
  }

  @Test func execFormRunWithMount() {
    let file = parse("FROM alpine\nRUN --mount=type=bind,from=busybox:1,target=/b [\"/b/bin/sh\", \"-c\", \"true\"]\n")
    #expect(file.references == ["alpine", "busybox:1"])
  }

  @Test func quotedMountValues() {
    let file = parse(
      "FROM alpine AS a\nRUN --mount=\"type=bind,from=img:1,target=/x\" true\nRUN --mount=type=bind,\"from=A\",target=/y true\n"
    )
    #expect(file.references == ["alpine", "img:1"])
  }

  @Test func mountKeysAreCaseInsensitive() {
    let file = parse("FROM alpine\nRUN --mount=Type=cache,FROM=img:2,target=/x true\n")
    #expect(file.references == ["alpine", "img:2"])
  }

  @Test func mountFromWithAVariableIsAnError() {
    // BuildKit does not expand from=: it reads `$CACHE_IMAGE` as a stage or image name and fails.
    let file = parse(
      "FROM alpine\nARG CACHE_IMAGE=acme/cache:3\nRUN --mount=type=cache,from=$CACHE_IMAGE,target=/c true\n")
    #expect(file.references == ["alpine"])
    #expect(file.messages == ["RUN --mount from=$CACHE_IMAGE: BuildKit does not expand variables here"])
    #expect(file.errors.first?.location.map { [$0.line, $0.column] } == [3, 29])
  }

  @Test func mountFlagWithoutEqualsIsAnError() {
    let file = parse("FROM alpine\nRUN --network=none --mount type=bind,from=img:3 true\n")
    #expect(file.references == ["alpine"])
    #expect(file.messages == ["--mount needs a value"])
    #expect(file.errors.first?.location.map { [$0.line, $0.column] } == [2, 20])
  }

  @Test func mountFieldWithoutEqualsIsAnError() {
    let file = parse("FROM alpine\nRUN --mount=type true\nRUN --mount=type=cache,target=/c,ro,READONLY,rw true\n")
    #expect(file.messages == ["invalid field 'type' in --mount: it must be a key=value pair"])
    #expect(file.errors.first?.location?.line == 2)
  }

  @Test(arguments: ["secret", "ssh", "SECRET"])
  func secretAndSSHMountsCannotHaveFrom(_ type: String) {
    let file = parse("FROM alpine AS a\nFROM busybox\nRUN --mount=type=\(type),id=x,from=a true\n")
    #expect(file.messages == ["a \(type.lowercased()) mount cannot have from="])
    #expect(file.errors.first?.location.map { [$0.line, $0.column] } == [3, 29 + type.count])
  }
}
