import GantryCore
import Yams

/// Reads one compose file into a `ComposeLayer`: the project name, each service's `image` and `build`,
/// and the top-level secrets, interpolated. Everything else a compose file holds is left alone
/// (`version` is obsolete, `depends_on` orders containers, not builds).
struct ComposeFileReader {
  static let topLevelKeys = [
    "version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models",
  ]

  var interpolator: NodeInterpolator
  /// Variables for bare build arguments (`- NAME`): the environment over `.env`.
  let environment: [String: String]

  init(environment: [String: String]) {
    self.interpolator = NodeInterpolator(variables: environment)
    self.environment = environment
  }

  /// The file's layer, or nil when it cannot be read at all (syntax error, empty, not a mapping).
  /// Problems are added to `diagnostics`.
  mutating func read(_ text: String, file: String, into diagnostics: inout DiagnosticCollector) -> ComposeLayer? {
    var reader = YAMLReader(file: file)
    defer { diagnostics.append(contentsOf: reader.diagnostics.diagnostics) }
    let root: Node
    switch YAMLReader.compose(text, file: file) {
    case .failure(let diagnostic):
      reader.diagnostics.append(diagnostic)
      return nil
    case .success(nil):
      reader.diagnostics.error(
        "the compose file is empty", at: SourceLocation(file: file, line: 1),
        hint: "add a services: mapping with at least one service")
      return nil
    case .success(let node?): root = node
    }
    guard let top = reader.mapping(root, what: "the compose file") else { return nil }
    reader.rejectUnknownKeys(ComposeValues.withoutExtensions(top), allowed: Self.topLevelKeys, in: "the compose file")
    var layer = ComposeLayer()
    for (key, value) in top {
      switch key.value {
      case "name":
        layer.name = ComposeValues.overlay(value, reader: &reader) { node, reader in
          reader.locatedString(interpolator.interpolate(node, reader: &reader), what: "name")
        }
      case "include":
        reader.diagnostics.error(
          "include is not supported yet", at: key.location,
          hint: "pass the included compose files as extra files instead (-f)")
      case "services":
        if !YAMLReader.isNull(value) { layer.services = services(value, reader: &reader) }
      case "secrets":
        if !YAMLReader.isNull(value) { layer.secrets = secrets(value, reader: &reader) }
      default: break
      }
    }
    return layer
  }

  private mutating func services(
    _ node: Node, reader: inout YAMLReader
  ) -> [(name: Located<String>, overlay: Overlay<ServiceLayer>)] {
    var result: [(name: Located<String>, overlay: Overlay<ServiceLayer>)] = []
    for (name, node) in reader.mapping(node, what: "services") ?? [] {
      if !Self.isValidServiceName(name.value) {
        reader.diagnostics.error(
          "'\(name.value)' is not a valid service name", at: name.location,
          hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit")
      }
      let overlay = ComposeValues.overlay(node, reader: &reader) { node, reader in
        service(name: name, node: node, reader: &reader)
      }
      if let overlay { result.append((name, overlay)) }
    }
    return result
  }

  private mutating func service(name: Located<String>, node: Node, reader: inout YAMLReader) -> ServiceLayer? {
    var service = ServiceLayer(name: name)
    if YAMLReader.isNull(node) { return service }
    guard let entries = reader.mapping(node, what: "service '\(name.value)'") else { return nil }
    for (key, value) in entries {
      switch key.value {
      case "image":
        service.image = ComposeValues.overlay(value, reader: &reader) { node, reader in
          reader.locatedString(
            interpolator.interpolate(node, reader: &reader), what: "image of service '\(name.value)'")
        }
      case "build":
        service.build = ComposeValues.overlay(value, reader: &reader) { node, reader in
          ComposeBuildReader.read(
            interpolator.interpolate(node, reader: &reader), service: name.value, environment: environment,
            reader: &reader)
        }
      default: break
      }
    }
    return service
  }

  /// Top-level `secrets: {NAME: {file: PATH} | {environment: VARIABLE} | {external: true}}`.
  private mutating func secrets(_ node: Node, reader: inout YAMLReader) -> [String: Overlay<SecretLayer>] {
    var result: [String: Overlay<SecretLayer>] = [:]
    for (id, node) in reader.mapping(node, what: "secrets") ?? [] {
      let what = "secret '\(id.value)'"
      result[id.value] = ComposeValues.overlay(node, reader: &reader) { node, reader in
        guard let entries = reader.mapping(interpolator.interpolate(node, reader: &reader), what: what) else {
          return nil
        }
        var secret = SecretLayer(location: id.location)
        for (key, value) in entries {
          let read = { (node: Node, reader: inout YAMLReader) in
            reader.locatedString(node, what: "\(key.value) of \(what)")
          }
          switch key.value {
          case "file": secret.file = ComposeValues.overlay(value, reader: &reader, read)
          case "environment": secret.environment = ComposeValues.overlay(value, reader: &reader, read)
          case "external":
            // Only whether it is external matters; old files write `external: {name: …}`.
            secret.external = ComposeValues.overlay(value, reader: &reader) { node, reader in
              Located(node.bool == false ? "false" : "true", at: reader.location(of: node))
            }
          default: break
          }
        }
        return secret
      }
    }
    return result
  }

  /// Compose service names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
  static func isValidServiceName(_ name: String) -> Bool {
    let scalars = Array(name.unicodeScalars)
    guard let first = scalars.first, isAlphanumeric(first) else { return false }
    return scalars.allSatisfy { isAlphanumeric($0) || $0 == "_" || $0 == "." || $0 == "-" }
  }

  private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
  }
}
