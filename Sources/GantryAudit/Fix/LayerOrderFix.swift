import GantryDockerfile

/// `--fix` for `layer-order`: copies the manifest and lock files and installs before the whole
/// source is copied. Made only when it cannot change what the install sees:
/// - the copy is a plain `COPY` of one whole-source path, without heredocs;
/// - between it and the install there are only `ENV`, `ARG`, `LABEL` and `EXPOSE`;
/// - the install needs no source: its `RUN` holds only the tool's install commands (then it moves
///   up), or the tool has a dependency-only command (`go mod download`), inserted before the copy;
/// - the manifests exist at the top of the copied folder.
public enum LayerOrderFix {
  /// Instructions that neither read files nor change where later ones run.
  static let neutral: Set<String> = ["ENV", "ARG", "LABEL", "EXPOSE"]
  /// Commands allowed beside the install in a `RUN` that moves.
  static let harmless: Set<String> = [
    "mkdir", "echo", "true", "rm", "npm", "yarn", "pnpm", "pip", "pip3", "uv", "bundle", "composer",
  ]

  /// The text with every fixable layer-order problem fixed, and one line per edit made.
  /// - Parameter manifests: the manifest files of a tool present where the source is copied from.
  public static func apply(
    _ dockerfile: AuditedDockerfile, manifests: (PackageManager) -> [String]
  ) -> (text: String, edits: [String]) {
    var current = dockerfile
    var edits: [String] = []
    for _ in 0..<16 {
      guard let (text, edit) = fixFirst(current, manifests: manifests) else { break }
      edits.append(edit)
      current = AuditedDockerfile(
        service: current.service, file: current.file, text: text, target: current.target,
        platforms: current.platforms, nativePlatform: current.nativePlatform)
    }
    return (current.text, edits)
  }

  static func fixFirst(_ dockerfile: AuditedDockerfile, manifests: (PackageManager) -> [String]) -> (String, String)? {
    for problem in LayerOrderCheck.problems(dockerfile) {
      let copy = problem.copy
      guard copy.keyword == "COPY", copy.heredocText.isEmpty, Facts.sources(copy).count == 1,
        let source = Facts.sources(copy).first?.text, ["", ".", "./", "*", "./*"].contains(source),
        let destination = Facts.destination(copy)
      else { continue }
      let files = manifests(problem.manager)
      guard !files.isEmpty else { continue }
      let stage = dockerfile.instructions(ofStage: copy.stageIndex ?? 0)
      guard let from = stage.firstIndex(of: copy), let to = stage.firstIndex(of: problem.install) else { continue }
      guard stage[(from + 1)..<to].allSatisfy({ neutral.contains($0.keyword) }) else { continue }

      var lines = dockerfile.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let folder = destination.hasSuffix("/") ? destination : destination + "/"
      let chown = copy.flags.filter { $0.name == "chown" || $0.name == "chmod" }
        .map { " --\($0.name)=\($0.value ?? "")" }.joined()
      let copyManifests = "COPY\(chown) \(files.joined(separator: " ")) \(folder)"
      let install = problem.install
      let pure = Facts.commands(install).allSatisfy { command in
        harmless.contains(command.program) && !command.arguments.contains(".") && !command.has("-e", "--editable")
          && (problem.manager.installs(command) || !PackageManager.all.contains { $0.installs(command) })
          && !["run", "build", "test", "exec"].contains(command.subcommand ?? "")
      }
      let copyLine = copy.location.line - 1
      if pure {
        // The ENV/ARG/… lines between move up with the install, so it sees the same settings.
        let moved = (copy.endLine)..<install.endLine
        let movedLines = Array(lines[moved])
        lines.removeSubrange(moved)
        lines.insert(contentsOf: [copyManifests] + movedLines, at: copyLine)
        return (
          lines.joined(separator: "\n"),
          "\(dockerfile.file):\(copy.location.line): moved the \(problem.manager.name) install (line \(install.location.line)) before \(Facts.excerpt(copy)), after copying \(files.joined(separator: ", "))"
        )
      }
      guard let dependencyOnly = dependencyOnlyCommand(problem.manager) else { continue }
      let mounts = problem.manager.cacheTargets.first.map { " --mount=type=cache,target=\($0.path)" } ?? ""
      lines.insert(contentsOf: [copyManifests, "RUN\(mounts) \(dependencyOnly)"], at: copyLine)
      return (
        lines.joined(separator: "\n"),
        "\(dockerfile.file):\(copy.location.line): added \(dependencyOnly) after copying \(files.joined(separator: ", ")), before \(Facts.excerpt(copy))"
      )
    }
    return nil
  }

  /// A command that fetches a tool's dependencies from its manifests alone.
  static func dependencyOnlyCommand(_ manager: PackageManager) -> String? {
    switch manager.name {
    case "go": "go mod download"
    default: nil
    }
  }
}
