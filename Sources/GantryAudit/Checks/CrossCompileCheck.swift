import GantryDockerfile

/// `cross-compile`: a stage that compiles for a foreign platform under emulation although the
/// toolchain cross-compiles (go, rust, c, swift).
enum CrossCompileCheck {
  static let crossCompiling: Set<String> = ["go", "rust", "c", "swift"]

  static func findings(_ dockerfile: AuditedDockerfile) -> [Finding] {
    let foreign = dockerfile.platforms.filter { $0 != dockerfile.nativePlatform }
    guard !foreign.isEmpty else { return [] }
    var findings: [Finding] = []
    var native: [Int: Bool] = [:]
    for index in dockerfile.builtStages {
      let stage = dockerfile.model.stages[index]
      var runsNatively = stage.usesBuildPlatform || stage.platformWritten == dockerfile.nativePlatform
      if stage.baseIsStage, stage.platformWritten == nil,
        let parent = dockerfile.model.stage(named: stage.base)?.index ?? Int(stage.base)
      {
        runsNatively = native[parent] ?? false
      }
      native[index] = runsNatively
      guard !runsNatively else { continue }
      let compiling = dockerfile.instructions(ofStage: index).filter { $0.keyword == "RUN" }.compactMap {
        instruction -> (Instruction, String)? in
        guard let tool = Facts.commands(instruction).compactMap(Facts.compiles).first(where: crossCompiling.contains)
        else { return nil }
        return (instruction, tool)
      }
      guard let (first, tool) = compiling.first else { continue }
      let name = stage.name.map { "stage '\($0)'" } ?? "stage \(index)"
      let variables =
        tool == "go" ? "GOOS=$TARGETOS GOARCH=$TARGETARCH go build …" : "the target triple from TARGETARCH"
      findings.append(
        Finding(
          rule: .crossCompile, service: dockerfile.service, location: stage.location,
          message:
            "\(name) compiles \(tool) for \(foreign.joined(separator: ", ")) under emulation (QEMU, compilers 4 to 8 times slower)",
          evidence: compiling.map { "line \($0.0.location.line): \(Facts.excerpt($0.0))" }.joined(separator: "\n"),
          fix: """
            FROM --platform=$BUILDPLATFORM \(stage.baseWritten)\(stage.name.map { " AS \($0)" } ?? "")
            ARG TARGETOS TARGETARCH
            RUN \(variables)   (line \(first.location.line))
            """))
    }
    return findings
  }
}
