import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// The warning for builds whose steps run under emulation, and its absence when they cross-compile.
@Suite struct EmulationCheckTests {
  /// Plans one service `app` with `dockerfile` for linux/arm64 on the implicit linux/amd64 builder.
  func warnings(_ dockerfile: String, extra: String = "", builders: String = "") throws -> (
    plan: Plan, warnings: [String]
  ) {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": builders + "services:\n  app:\n    context: app\n    platforms: [linux/arm64]\n" + extra,
        "app/Dockerfile": dockerfile,
      ], into: root)
    let plan = try Planner().plan(
      try ProjectLoader.load(folder: root),
      options: PlanOptions(multiArch: MultiArchOptions(hostPlatform: Platform("linux/amd64"))))
    return (plan, plan.warnings.map { $0.description.replacingOccurrences(of: root + "/", with: "") })
  }

  @Test func warnsAtTheFromOfAStageThatRunsUnderEmulation() throws {
    let (plan, found) = try warnings(
      """
      # syntax=docker/dockerfile:1
      FROM golang:1.23 AS build
      COPY . /src
      RUN go build -o /out/app ./...
      RUN go test ./...
      FROM busybox
      COPY --from=build /out/app /app
      """)
    #expect(
      found == [
        "app/Dockerfile:2:1: warning: service 'app' builds linux/arm64 on builder 'default', which runs linux/amd64: "
          + "stage 'build' (FROM golang:1.23) runs its 2 RUN steps (lines 4, 5) under emulation, typically 4 to 8 times slower\n"
          + "    hint: write 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build' and cross-compile for $TARGETOS/$TARGETARCH "
          + "(toolchain: go|rust|c|cpp|swift in gantry.yml passes the target's compiler variables), "
          + "or declare a builder that runs linux/arm64 natively under builders:"
      ])
    #expect(plan.job("app")?.emulated == true)
    #expect(plan.weights["app"] == EmulationCheck.slowdown)
  }

  @Test func noWarningWhenTheBuildStagesUseTheBuildPlatform() throws {
    let (plan, found) = try warnings(
      """
      FROM --platform=$BUILDPLATFORM golang:1.23 AS build
      ARG TARGETOS TARGETARCH
      RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
      FROM build AS test
      RUN go test ./...
      FROM --platform=${BUILDPLATFORM} busybox AS tools
      RUN echo tools
      FROM gcr.io/distroless/static
      COPY --from=build /out/app /app
      """)
    #expect(found.isEmpty)
    #expect(plan.job("app")?.emulated == true, "still not native: the final image is arm64, unpacked on amd64")
    #expect(plan.weights["app"] == 1)
  }

  @Test func aFinalStageWithRunStepsIsReportedWithTheMoveHint() throws {
    let (_, found) = try warnings(
      """
      FROM --platform=$BUILDPLATFORM golang:1.23 AS build
      RUN go build -o /out/app .
      FROM alpine:3.20
      RUN apk add --no-cache ca-certificates
      COPY --from=build /out/app /app
      """, extra: "    toolchain: go\n")
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("app/Dockerfile:3:1: warning: service 'app' builds linux/arm64") == true)
    #expect(found.first?.contains("stage 1 (FROM alpine:3.20) runs its RUN step (line 4) under emulation") == true)
    #expect(
      found.first?.contains(
        "hint: move the RUN steps into a stage 'FROM --platform=$BUILDPLATFORM <build image> AS build' that cross-compiles "
          + "for $TARGETOS/$TARGETARCH (toolchain: go passes the target's compiler variables)") == true)
  }

  @Test func stagesAfterTheTargetAndStagesWithoutRunAreNotReported() throws {
    let (_, found) = try warnings(
      """
      FROM busybox AS assets
      COPY . /assets
      FROM --platform=linux/amd64 busybox AS native
      RUN echo native
      FROM busybox AS slow
      RUN echo slow
      """, extra: "    target: native\n")
    #expect(found.isEmpty)
  }

  @Test func aNativeBuilderMeansNoWarning() throws {
    let (plan, found) = try warnings(
      "FROM golang:1.23\nRUN go build .\n",
      builders: "builders:\n  arm: {platforms: [linux/arm64], docker_host: \"unix:///arm.sock\"}\n")
    #expect(found.isEmpty)
    #expect(plan.job("app")?.emulated == false)
    #expect(plan.job("app")?.builder == "arm")
  }
}
