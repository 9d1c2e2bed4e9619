import GantryDockerfile

/// `layer-order`: a copy of the whole source before a dependency install in the same stage.
enum LayerOrderCheck {
  /// One problem: the copy, the install after it and the tool.
  struct Problem: Sendable {
    var copy: Instruction
    var install: Instruction
    var manager: PackageManager
  }

  static func problems(_ dockerfile: AuditedDockerfile) -> [Problem] {
    var problems: [Problem] = []
    for stage in dockerfile.model.stages.indices {
      let instructions = dockerfile.instructions(ofStage: stage)
      var reported: Set<String> = []
      for (position, install) in instructions.enumerated() where install.keyword == "RUN" {
        for manager in PackageManager.installing(in: install.shellText) where !reported.contains(manager.name) {
          let earlier = instructions[..<position]
          guard
            let copyIndex = earlier.firstIndex(where: { instruction in
              Facts.copiesFromContext(instruction)
                && Facts.sources(instruction).contains { Facts.isWholeSource($0.text) }
            })
          else { continue }
          // Dependencies already installed from the manifests before the copy: what follows only builds.
          let installedBefore = instructions[..<copyIndex].contains {
            $0.keyword == "RUN" && PackageManager.installing(in: $0.shellText).contains(manager)
          }
          if installedBefore { continue }
          let copy = instructions[copyIndex]
          reported.insert(manager.name)
          problems.append(Problem(copy: copy, install: install, manager: manager))
        }
      }
    }
    return problems
  }

  static func findings(_ dockerfile: AuditedDockerfile, manifestsPresent: (PackageManager) -> [String]) -> [Finding] {
    problems(dockerfile).map { problem in
      let destination = Facts.destination(problem.copy) ?? "."
      let manifests = manifestsPresent(problem.manager)
      let listed =
        manifests.isEmpty
        ? problem.manager.manifests.prefix(2).joined(separator: " ") : manifests.joined(separator: " ")
      let folder = destination.hasSuffix("/") ? destination : destination + "/"
      let fix = [
        "COPY \(listed) \(folder)", Facts.excerpt(problem.install), Facts.excerpt(problem.copy),
      ].joined(separator: "\n")
      return Finding(
        rule: .layerOrder, service: dockerfile.service, location: problem.copy.location,
        message:
          "\(Facts.excerpt(problem.copy)) comes before the \(problem.manager.name) install at line \(problem.install.location.line): any source change reinstalls every dependency",
        evidence:
          "line \(problem.copy.location.line): \(Facts.excerpt(problem.copy))\nline \(problem.install.location.line): \(Facts.excerpt(problem.install))",
        fix: "copy the manifest and lock files first, install, then the rest:\n" + fix)
    }
  }
}
