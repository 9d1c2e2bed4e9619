import GantryCore
import Yams

/// Reads one compose file into a `ComposeLayer`: the project name, what gantry needs of each service, and
/// the top-level secrets, interpolated. Every key and type is checked against the specification
/// (`ComposeSchema`); the values gantry does not need are then left alone.
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
  mutating func read(
    _ text: String, file: String, folder: String, into diagnostics: inout DiagnosticCollector
  ) -> ComposeLayer? {
    var reader = YAMLReader(file: file)
    // The schema's type errors replace what reading the same values reports again.
    var schema = DiagnosticCollector()
    defer {
      let rejected = Set(schema.diagnostics.compactMap(\.location))
      // In the order of the file, whichever check found them.
      let ordered = reader.diagnostics.diagnostics.enumerated().sorted { a, b in
        switch (a.element.location, b.element.location) {
        case (let x?, let y?) where x != y: return x < y
        default: return a.offset < b.offset
        }
      }.map(\.element)
      for diagnostic in ordered {
        if let location = diagnostic.location, rejected.contains(location), !schema.diagnostics.contains(diagnostic) {
          continue
        }
        diagnostics.append(diagnostic)
      }
    }
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
    guard let written = reader.mapping(root, what: "the compose file") else { return nil }
    reader.rejectUnknownKeys(
      ComposeValues.withoutExtensions(written), allowed: Self.topLevelKeys, in: "the compose file")
    ComposeSchema.check(written, file: file, into: &schema)
    reader.diagnostics.append(contentsOf: schema.diagnostics)
    // Every value is interpolated, as compose does, so `${VAR?message}` fails wherever it is written.
    // Extension sections (`x-…`) only hold anchors, which are interpolated where they are used.
    var top: [(key: Located<String>, value: Node)] = []
    for (key, value) in written {
      top.append((key, key.value.hasPrefix("x-") ? value : interpolator.interpolate(value, reader: &reader)))
    }
    var layer = ComposeLayer()
    for (key, value) in top {
      switch key.value {
      case "name":
        layer.name = ComposeValues.overlay(value, reader: &reader) { node, reader in
          reader.locatedString(node, what: "name")
        }
      case "include":
        reader.diagnostics.error(
          "include is not supported yet", at: key.location,
          hint: "pass the included compose files as extra files instead (-f)")
      case "services":
        if !YAMLReader.isNull(value) { layer.services = services(value, folder: folder, reader: &reader) }
      case "secrets":
        if !YAMLReader.isNull(value) { layer.secrets = secrets(value, reader: &reader) }
      default: break
      }
    }
    return layer
  }

  private mutating func services(
    _ node: Node, folder: String, reader: inout YAMLReader
  ) -> [(name: Located<String>, overlay: Overlay<ServiceLayer>)] {
    var result: [(name: Located<String>, overlay: Overlay<ServiceLayer>)] = []
    for (name, node) in reader.mapping(node, what: "services") ?? [] {
      if !Self.isValidServiceName(name.value) {
        reader.diagnostics.error(
          "'\(name.value)' is not a valid service name", at: name.location,
          hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit")
      }
      let overlay = ComposeValues.overlay(node, reader: &reader) { node, reader in
        service(name: name, node: node, folder: folder, reader: &reader)
      }
      if let overlay { result.append((name, overlay)) }
    }
    return result
  }

  private mutating func service(
    name: Located<String>, node: Node, folder: String, reader: inout YAMLReader
  ) -> ServiceLayer? {
    var service = ServiceLayer(name: name)
    if YAMLReader.isNull(node) { return service }
    guard let entries = reader.mapping(node, what: "service '\(name.value)'") else { return nil }
    let what = { (key: String) in "\(key) of service '\(name.value)'" }
    for (key, value) in entries {
      switch key.value {
      case "image":
        service.image = ComposeValues.overlay(value, reader: &reader) { node, reader in
          reader.locatedString(node, what: what("image"))
        }
      case "build":
        service.build = ComposeValues.overlay(value, reader: &reader) { node, reader in
          ComposeBuildReader.read(
            node, service: name.value, environment: environment,
            reader: &reader)
        }
      case "platform":
        service.platform = ComposeValues.overlay(value, reader: &reader) { node, reader in
          reader.locatedString(node, what: what("platform"))
        }
      case "profiles":
        service.profiles = ComposeValues.overlay(value, reader: &reader) { node, reader in
          ComposeValues.list(node, what: what("profiles"), reader: &reader)
        }
      case "extends":
        service.extends = ComposeValues.overlay(value, reader: &reader) { node, reader in
          extends(node, what: what("extends"), folder: folder, reader: &reader)
        }
      case "depends_on":
        service.dependsOn = ComposeValues.overlay(value, reader: &reader) { node, reader in
          dependsOn(node, what: what("depends_on"), reader: &reader)
        }
      default: break
      }
    }
    return service
  }

  /// `extends: NAME` (a service of the same file) or `extends: {service: NAME, file: PATH}`.
  private func extends(_ node: Node, what: String, folder: String, reader: inout YAMLReader) -> ExtendsLayer? {
    if case .scalar = node {
      return reader.locatedString(node, what: what).map { ExtendsLayer(service: $0, file: nil, folder: folder) }
    }
    guard let entries = reader.mapping(node, what: what) else { return nil }
    reader.rejectUnknownKeys(entries, allowed: ["service", "file"], in: what)
    guard let serviceNode = entries.first(where: { $0.key.value == "service" })?.value else {
      reader.diagnostics.error(
        "\(what) has no service", at: reader.location(of: node), hint: "write extends: {service: NAME, file: PATH}")
      return nil
    }
    guard let service = reader.locatedString(serviceNode, what: "service of \(what)") else { return nil }
    let file = entries.first { $0.key.value == "file" }.flatMap {
      reader.locatedString($0.value, what: "file of \(what)")
    }
    return ExtendsLayer(service: service, file: file, folder: folder)
  }

  /// `depends_on: [a, b]` or `depends_on: {a: {condition: …}}`: the names only.
  private func dependsOn(_ node: Node, what: String, reader: inout YAMLReader) -> ComposeList? {
    if case .sequence = node { return ComposeValues.list(node, what: what, reader: &reader) }
    guard let entries = reader.mapping(node, what: what) else { return nil }
    return ComposeList(items: entries.map(\.key))
  }

  /// Top-level `secrets: {NAME: {file: PATH} | {environment: VARIABLE} | {external: true}}`.
  private mutating func secrets(_ node: Node, reader: inout YAMLReader) -> [String: Overlay<SecretLayer>] {
    var result: [String: Overlay<SecretLayer>] = [:]
    for (id, node) in reader.mapping(node, what: "secrets") ?? [] {
      let what = "secret '\(id.value)'"
      result[id.value] = ComposeValues.overlay(node, reader: &reader) { node, reader in
        guard let entries = reader.mapping(node, what: what) else {
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

  /// True when the text holds no YAML document (nothing, or only comments and blank lines).
  static func isEmptyDocument(_ text: String) -> Bool {
    text.split(whereSeparator: \.isNewline).allSatisfy { line in
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      return trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" || trimmed == "..."
    }
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
