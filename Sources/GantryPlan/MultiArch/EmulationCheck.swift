import GantryCore
import GantryDockerfile
import GantryLoad

/// Finds the build stages that would run under emulation (QEMU) when a service builds for a
/// platform its builder does not run natively, and says what to change.
///
/// A stage runs on the build platform, natively, when its `FROM` says `--platform=$BUILDPLATFORM`
/// (or a platform the builder runs), or when it starts from a stage that does; every other stage
/// runs on the target platform. Only `RUN` steps execute the platform's programs, so a stage on the
/// target platform is reported when it has `RUN` steps: a final stage that only copies the
/// cross-compiled result in is fine. Stages after the target (the last stage, or `target:`) are
/// not built.
enum EmulationCheck {
  /// How much longer an emulated build is expected to take, for the critical-path estimate of jobs
  /// without a recorded duration (QEMU runs compilers 4 to 8 times slower).
  static let slowdown = 5.0

  /// The stages whose `RUN` steps run on the target platform, under emulation.
  static func emulatedStages(in dockerfile: Dockerfile, target: String?, builder: PlannedBuilder) -> [Stage] {
    guard !dockerfile.stages.isEmpty else { return [] }
    let targetStage = target.flatMap { dockerfile.stage(named: $0) } ?? dockerfile.stages[dockerfile.stages.count - 1]
    let built = dockerfile.stages.prefix(through: targetStage.index)
    var native: [Int: Bool] = [:]
    for stage in built {
      var runsNatively = stage.usesBuildPlatform
      if let written = stage.platformWritten.flatMap(Platform.init), builder.runsNatively(written) {
        runsNatively = true
      }
      if stage.baseIsStage, stage.platformWritten == nil, let parent = parentIndex(of: stage, in: dockerfile) {
        runsNatively = native[parent] ?? false
      }
      native[stage.index] = runsNatively
    }
    return built.filter { !(native[$0.index] ?? false) && !$0.runLines.isEmpty }
  }

  /// The stage a `FROM <stage>` starts from.
  static func parentIndex(of stage: Stage, in dockerfile: Dockerfile) -> Int? {
    if let named = dockerfile.stage(named: stage.base), named.index < stage.index { return named.index }
    if let index = Int(stage.base), index < stage.index { return index }
    return nil
  }

  /// One warning per emulated stage, at its `FROM`, naming the platforms and the fix.
  static func warnings(
    service: ServiceDefinition, dockerfile: Dockerfile, foreign: [Platform], builder: PlannedBuilder
  ) -> [Diagnostic] {
    guard !foreign.isEmpty else { return [] }
    let stages = emulatedStages(in: dockerfile, target: service.target, builder: builder)
    let platforms = foreign.map(\.description).joined(separator: ", ")
    let runs = builder.platforms.map(\.description).joined(separator: ", ")
    let toolchain =
      service.multiArch.toolchain.map { "toolchain: \($0.value.name.rawValue) passes the target's compiler variables" }
      ?? "toolchain: go|rust|c|cpp|swift in gantry.yml passes the target's compiler variables"
    let elsewhere = "or declare a builder that runs \(platforms) natively under builders:"
    let targetIndex = service.target.flatMap { dockerfile.stage(named: $0) }?.index ?? dockerfile.stages.count - 1
    return stages.map { stage in
      let name = stage.name.map { "stage '\($0)'" } ?? "stage \(stage.index)"
      let lines = stage.runLines.map(String.init).joined(separator: ", ")
      let steps =
        stage.runLines.count == 1
        ? "its RUN step (line \(lines))" : "its \(stage.runLines.count) RUN steps (lines \(lines))"
      let hint: String
      if stage.index == targetIndex {
        hint =
          "move the RUN steps into a stage 'FROM --platform=$BUILDPLATFORM <build image> AS build' that cross-compiles "
          + "for $TARGETOS/$TARGETARCH (\(toolchain)) and COPY --from=build the result into this stage; \(elsewhere)"
      } else {
        let fixed = "FROM --platform=$BUILDPLATFORM \(stage.baseWritten)" + (stage.name.map { " AS \($0)" } ?? "")
        hint = "write '\(fixed)' and cross-compile for $TARGETOS/$TARGETARCH (\(toolchain)), \(elsewhere)"
      }
      return .warning(
        "service '\(service.name)' builds \(platforms) on builder '\(builder.name)', which runs \(runs): "
          + "\(name) (FROM \(stage.baseWritten)) runs \(steps) under emulation, typically 4 to 8 times slower",
        at: stage.location, hint: hint)
    }
  }
}
