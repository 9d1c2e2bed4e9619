import GantryDockerfile

/// `final-stage-toolchain` and `final-stage-full-distribution`.
enum MultiStageCheck {
  static func findings(_ dockerfile: AuditedDockerfile) -> [Finding] {
    guard let final = dockerfile.finalStageIndex else { return [] }
    var findings: [Finding] = []
    let stage = dockerfile.model.stages[final]
    let instructions = dockerfile.instructions(ofStage: final)
    for instruction in instructions where instruction.keyword == "RUN" {
      let commands = Facts.commands(instruction)
      let packages = commands.flatMap(Facts.toolchainPackages)
      let builds = commands.compactMap(Facts.compiles)
      guard !packages.isEmpty || !builds.isEmpty else { continue }
      let what =
        packages.isEmpty ? "runs a \(builds[0]) build" : "installs \(packages.joined(separator: ", "))"
      findings.append(
        Finding(
          rule: .finalStageToolchain, service: dockerfile.service, location: instruction.location,
          message: "the final stage \(what): the toolchain ships in the image",
          evidence: "line \(instruction.location.line): \(Facts.excerpt(instruction))",
          fix: """
            build in a stage of its own and copy only the result:
            FROM \(stage.baseWritten) AS build
            …
            \(Facts.excerpt(instruction))
            FROM gcr.io/distroless/static-debian12
            COPY --from=build /out/app /app
            """))
    }

    guard !stage.baseIsStage, !stage.isScratch else { return findings }
    let image = Facts.imageName(stage.base)
    guard Facts.fullDistributions.contains(image.name), let binary = staticBinary(dockerfile, finalStage: final) else {
      return findings
    }
    let from = instructions.first { $0.keyword == "FROM" }
    findings.append(
      Finding(
        rule: .finalStageFullDistribution, service: dockerfile.service,
        location: from?.location ?? stage.location,
        message: "the final stage starts from \(stage.base), a full \(image.name) image, to run a static binary",
        evidence: binary,
        fix:
          "FROM gcr.io/distroless/static-debian12 (or FROM scratch) as the final stage, then COPY --from the build stage"
      ))
    return findings
  }

  /// Where the final stage's artefact is built as a static binary, or nil.
  static func staticBinary(_ dockerfile: AuditedDockerfile, finalStage: Int) -> String? {
    let stages = Set(dockerfile.builtStages)
    for instruction in dockerfile.instructions where instruction.keyword == "RUN" {
      guard let stage = instruction.stageIndex, stages.contains(stage) else { continue }
      let text = instruction.shellText
      let isStatic =
        (text.contains("CGO_ENABLED=0") && text.contains("go build")) || text.contains("-static")
        || (text.contains("cargo build") && text.contains("musl"))
        || text.contains("--static-swift-stdlib")
      if isStatic { return "line \(instruction.location.line): \(Facts.excerpt(instruction))" }
    }
    return nil
  }
}
