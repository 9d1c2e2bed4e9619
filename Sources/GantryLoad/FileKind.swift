import GantryCore
import Yams

/// Whether a file named with `-f` is gantry's manifest or a compose file, decided by what it holds: a name
/// says little (`docker-compose.gantry.yml` is a compose file, a manifest may be called `ci.yml`).
enum FileKind: String, Equatable {
  case manifest, compose

  /// Top-level keys only a manifest has.
  static let manifestKeys: Set<String> = ["backend", "builders", "defaults", "history_limit"]
  /// Top-level keys only a compose file has.
  static let composeKeys: Set<String> = ["name", "include", "networks", "volumes", "secrets", "configs", "models"]
  /// Service keys only a manifest service has (a compose service says `build:`).
  static let manifestServiceKeys: Set<String> = ["context", "dockerfile", "needs", "retry", "timeout"]
  /// Service keys only a compose service has.
  static let composeServiceKeys: Set<String> = ["build", "command", "environment", "ports", "volumes", "depends_on"]

  /// The kind the content shows, with the key that shows it; nil when the file cannot be read or says
  /// nothing either way (then the name decides).
  static func detect(path: String) -> (kind: FileKind, evidence: String)? {
    guard case .success(let text) = SourceFile.read(path, display: path),
      case .success(let root?) = YAMLReader.compose(text, file: path), case .mapping(let top) = root
    else { return nil }
    let keys = top.keys.compactMap(\.string)
    if let key = keys.first(where: manifestKeys.contains) { return (.manifest, "top-level key '\(key)'") }
    if let key = keys.first(where: composeKeys.contains) { return (.compose, "top-level key '\(key)'") }
    guard let services = top["services"], case .mapping(let entries) = services else { return nil }
    for case .mapping(let service) in entries.values {
      let serviceKeys = service.keys.compactMap(\.string)
      if let key = serviceKeys.first(where: manifestServiceKeys.contains) { return (.manifest, "service key '\(key)'") }
      if let key = serviceKeys.first(where: composeServiceKeys.contains) { return (.compose, "service key '\(key)'") }
    }
    return nil
  }

  /// The kind a name suggests: `gantry.yml`, `gantry.yaml`, `*.gantry.yml` are manifests.
  static func byName(_ path: String) -> FileKind {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let manifest = name.hasPrefix("gantry.") || name.hasSuffix(".gantry.yml") || name.hasSuffix(".gantry.yaml")
    return manifest ? .manifest : .compose
  }
}
