import GantryCore
import GantryDockerfile
import Testing

/// BuildKit's automatic arguments, expanded for the platforms of one build.
@Suite struct PlatformArgumentTests {
  static let armOnAMD = BuildPlatforms(target: "linux/arm/v7", build: "linux/amd64")

  func parse(_ text: String, platforms: BuildPlatforms, target: String? = nil) -> Dockerfile {
    DockerfileParser.parse(text, file: "Dockerfile", target: target, platforms: platforms)
  }

  @Test func fromStagePerTargetOS() {
    // The pattern of the buildx, compose, moby and BuildKit Dockerfiles.
    let text = """
      FROM golang:1.22 AS build
      FROM build AS bin-linux
      FROM build AS bin-windows
      FROM bin-$TARGETOS AS bin
      FROM scratch
      COPY --from=bin /out /
      """
    let linux = parse(text, platforms: BuildPlatforms(target: "linux/amd64", build: "linux/amd64"))
    #expect(linux.stages[3].base == "bin-linux")
    #expect(linux.stages[3].baseIsStage)
    #expect(linux.references == ["golang:1.22"])
    #expect(linux.diagnostics.isEmpty)
    let windows = parse(text, platforms: BuildPlatforms(target: "windows/amd64", build: "linux/amd64"))
    #expect(windows.stages[3].base == "bin-windows")
    #expect(windows.stages[3].baseIsStage)
  }

  @Test func everyPlatformArgument() {
    let file = parse(
      """
      FROM img:${TARGETPLATFORM}-${TARGETOS}-${TARGETARCH}-${TARGETVARIANT}
      FROM img:${BUILDPLATFORM}-${BUILDOS}-${BUILDARCH}-${BUILDVARIANT:-none}
      """, platforms: Self.armOnAMD)
    #expect(file.stages.map(\.base) == ["img:linux/arm/v7-linux-arm-v7", "img:linux/amd64-linux-amd64-none"])
    #expect(file.diagnostics.filter { $0.message.contains("undeclared") }.isEmpty)
  }

  @Test func stageSeesPlatformArgumentsOnlyOnceDeclared() {
    let file = parse(
      """
      FROM alpine
      RUN --mount=type=cache,id=$TARGETARCH,target=/c true
      ARG TARGETARCH
      ARG CACHE=cache-$TARGETARCH
      RUN --mount=type=bind,from=tools-${TARGETARCH},target=/t true
      """, platforms: Self.armOnAMD)
    // The mount's from= is not expanded (BuildKit refuses it); the ARG default is.
    #expect(file.messages == ["RUN --mount from=tools-${TARGETARCH}: BuildKit does not expand variables here"])
  }

  @Test func unknownPlatformsStayAsWritten() {
    let file = parse("FROM --platform=$BUILDPLATFORM golang:1.22-$TARGETARCH\n", platforms: BuildPlatforms())
    #expect(file.stages[0].base == "golang:1.22-$TARGETARCH")
    #expect(file.diagnostics.isEmpty)
  }

  @Test func targetStageIsKnownAndNeverUndeclared() {
    let text = "FROM alpine AS tools\nFROM img:$TARGETSTAGE\n"
    let withTarget = parse(text, platforms: BuildPlatforms(), target: "tools")
    #expect(withTarget.stages[1].base == "img:tools")
    #expect(withTarget.diagnostics.isEmpty)
    let withoutTarget = parse(text, platforms: BuildPlatforms())
    #expect(withoutTarget.stages[1].base == "img:default")
    #expect(withoutTarget.diagnostics.isEmpty)
  }

  @Test func buildArgumentsOverrideThePlatforms() {
    let file = DockerfileParser.parse(
      "FROM img:$TARGETARCH\n", file: "Dockerfile", buildArgs: ["TARGETARCH": "riscv64"],
      platforms: BuildPlatforms(target: "linux/amd64"))
    #expect(file.references == ["img:riscv64"])
  }
}
