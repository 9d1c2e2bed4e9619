import GantryCore

/// Finds and reads a repository's service definitions: `gantry.yml` first, else compose files.
public enum ProjectLoader {
  /// Names tried, in order, when no file is given.
  public static let manifestNames = ["gantry.yml", "gantry.yaml"]
  public static let composeNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]
  /// Read after the compose file found by name, when no file is named (the first of these that exists).
  public static let overrideNames = [
    "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml",
  ]

  /// Loads the project in `folder`, or from `files` when given (`-f`, absolute or relative to `folder`).
  /// - Parameters:
  ///   - environment: variables for compose interpolation (the process environment); `COMPOSE_FILE`
  ///     (split at `COMPOSE_PATH_SEPARATOR`, default `:`) names the compose files when no file is given and
  ///     the folder has no gantry.yml. It may also be set in the env files.
  ///   - compose: profiles and env files for compose projects.
  public static func load(
    folder: String, files: [String] = [], environment: [String: String] = [:],
    compose: ComposeOptions = ComposeOptions()
  ) throws -> Project {
    let paths = files.map { Paths.absolute($0, relativeTo: folder) }
    for path in paths where !Paths.isFile(path) {
      throw LoadError.unreadable(path: Paths.display(path), reason: "no such file")
    }
    if let first = paths.first {
      if paths.count == 1 {
        if let (kind, _) = FileKind.detect(path: first) {
          return kind == .manifest
            ? try ManifestLoader.load(path: first)
            : try ComposeLoader.load(paths: paths, environment: environment, options: compose)
        }
        // The content says nothing either way: the name decides, and the errors say so.
        let kind = FileKind.byName(first)
        do {
          return kind == .manifest
            ? try ManifestLoader.load(path: first)
            : try ComposeLoader.load(paths: paths, environment: environment, options: compose)
        } catch {
          let note = Diagnostic(
            .note,
            "\(Paths.display(first)) was read as \(kind == .manifest ? "a gantry manifest" : "a compose file") "
              + "because of its name (its content fits both)",
            at: SourceLocation(file: Paths.display(first), line: 1),
            hint: kind == .manifest
              ? "a compose file has services with build:; rename the file if it is one"
              : "a gantry manifest has services with context:, or name it gantry.yml or *.gantry.yml")
          throw DiagnosticsError(error.diagnostics + [note])
        }
      } else {
        // Compose files merge; a manifest cannot be merged with anything.
        for path in paths {
          guard let (kind, evidence) = FileKind.detect(path: path), kind == .manifest else { continue }
          throw DiagnosticsError([
            .error(
              "\(Paths.display(path)) reads as a gantry manifest (\(evidence)), which cannot be combined with other files",
              at: SourceLocation(file: Paths.display(path), line: 1),
              hint: "name a gantry manifest alone with -f, or only compose files")
          ])
        }
      }
      return try ComposeLoader.load(paths: paths, environment: environment, options: compose)
    }
    for name in manifestNames where Paths.isFile(folder + "/" + name) {
      return try ManifestLoader.load(path: folder + "/" + name)
    }
    if let listed = try composeFiles(folder: folder, environment: environment, compose: compose) {
      return try ComposeLoader.load(paths: listed, environment: environment, options: compose)
    }
    for name in composeNames where Paths.isFile(folder + "/" + name) {
      var found = [folder + "/" + name]
      if let override = overrideNames.first(where: { Paths.isFile(folder + "/" + $0) }) {
        found.append(folder + "/" + override)
      }
      return try ComposeLoader.load(paths: found, environment: environment, options: compose)
    }
    throw LoadError.noManifest(folder: Paths.display(folder))
  }

  /// The files `COMPOSE_FILE` names (from the environment, else the env files), relative to `folder`;
  /// nil when it is not set.
  static func composeFiles(
    folder: String, environment: [String: String], compose: ComposeOptions
  ) throws -> [String]? {
    var ignored = DiagnosticCollector()
    let variables = ComposeEnvironment.variables(
      folder: folder, envFiles: compose.envFiles, environment: environment, diagnostics: &ignored
    ).variables
    guard let list = variables["COMPOSE_FILE"], !list.isEmpty else { return nil }
    let separator = variables["COMPOSE_PATH_SEPARATOR"].flatMap { $0.isEmpty ? nil : $0 } ?? ":"
    let paths = list.split(separator: separator, omittingEmptySubsequences: true).map {
      Paths.absolute(String($0), relativeTo: folder)
    }
    for path in paths where !Paths.isFile(path) {
      throw LoadError.unreadable(path: Paths.display(path), reason: "no such file (named by COMPOSE_FILE)")
    }
    return paths.isEmpty ? nil : paths
  }

}
