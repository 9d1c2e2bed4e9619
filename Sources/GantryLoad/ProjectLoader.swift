import GantryCore

/// Finds and reads a repository's service definitions: `gantry.yml` first, else compose files.
public enum ProjectLoader {
  /// Names tried, in order, when no file is given.
  public static let manifestNames = ["gantry.yml", "gantry.yaml"]
  public static let composeNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]

  /// Loads the project in `folder`, or from `files` when given (`-f`, absolute or relative to `folder`).
  /// - Parameter environment: variables for compose interpolation (the process environment).
  public static func load(
    folder: String, files: [String] = [], environment: [String: String] = [:]
  ) throws -> Project {
    let paths = files.map { Paths.absolute($0, relativeTo: folder) }
    for path in paths where !Paths.isFile(path) {
      throw LoadError.unreadable(path: Paths.display(path), reason: "no such file")
    }
    if let first = paths.first {
      if paths.count == 1, isManifestName(first) { return try ManifestLoader.load(path: first) }
      return try ComposeLoader.load(paths: paths, environment: environment)
    }
    for name in manifestNames where Paths.isFile(folder + "/" + name) {
      return try ManifestLoader.load(path: folder + "/" + name)
    }
    for name in composeNames where Paths.isFile(folder + "/" + name) {
      return try ComposeLoader.load(paths: [folder + "/" + name], environment: environment)
    }
    throw LoadError.noManifest(folder: Paths.display(folder))
  }

  /// A file read as gantry's own manifest (rather than compose): `gantry.yml`, `gantry.yaml`, `*.gantry.yml`.
  static func isManifestName(_ path: String) -> Bool {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return name.hasPrefix("gantry.") || name.hasSuffix(".gantry.yml") || name.hasSuffix(".gantry.yaml")
  }
}
