import GantryCore

/// Problems finding or reading the service definitions, before any of their content is checked.
public enum LoadError: ReportableError, CustomStringConvertible {
  /// No gantry.yml nor compose file in the folder; `-f` names one elsewhere.
  case noManifest(folder: String)
  /// A file named with `-f` does not exist or cannot be read.
  case unreadable(path: String, reason: String)

  public var diagnostics: [Diagnostic] {
    switch self {
    case .noManifest(let folder):
      return [
        .error(
          "no gantry.yml, gantry.yaml or compose file in \(folder)", at: nil,
          hint: "create a gantry.yml (see docs/manifest.md) or name a file with -f PATH")
      ]
    case .unreadable(let path, let reason):
      return [.error("cannot read \(path): \(reason)", at: nil, hint: "check the path given with -f")]
    }
  }

  public var description: String { rendered }
}
