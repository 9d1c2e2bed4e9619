import GantryCore
import Yams

/// Reads the manifest's `builders:` section (format: docs/multi-arch.md).
enum BuildersReader {
  static let keys = ["platforms", "concurrency", "docker_host", "buildx_builder", "docker_context", "default"]
  static let endpointKeys = ["docker_host", "buildx_builder", "docker_context"]

  static func read(_ node: Node, reader: inout YAMLReader) -> [BuilderDefinition] {
    guard let entries = reader.mapping(node, what: "builders") else { return [] }
    var builders: [BuilderDefinition] = []
    for (name, value) in entries {
      if let builder = readBuilder(name: name, node: value, reader: &reader) { builders.append(builder) }
    }
    if entries.isEmpty {
      reader.diagnostics.error(
        "builders is empty", at: reader.location(of: node),
        hint: "remove it (one default builder with the --jobs limit is used), or add an entry per builder")
    }
    let defaults = builders.filter(\.isDefault)
    for extra in defaults.dropFirst() {
      reader.diagnostics.error(
        "builders '\(defaults[0].name)' and '\(extra.name)' are both marked default: true", at: extra.location,
        hint: "one builder takes the jobs no builder runs natively: keep default: true on one of them")
    }
    return builders
  }

  static func readBuilder(name: Located<String>, node: Node, reader: inout YAMLReader) -> BuilderDefinition? {
    let what = "builder '\(name.value)'"
    guard let entries = reader.mapping(node, what: what) else { return nil }
    reader.rejectUnknownKeys(entries, allowed: keys, in: what)
    if !ManifestLoader.isValidName(name.value) {
      reader.diagnostics.error(
        "'\(name.value)' is not a valid builder name", at: name.location,
        hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit")
    }
    var builder = BuilderDefinition(name: name.value, location: name.location, platforms: [])
    var endpoints: [(key: Located<String>, endpoint: BuilderEndpoint)] = []
    var platformsWritten: [Located<String>]?
    for (key, value) in entries {
      let field = "\(what).\(key.value)"
      switch key.value {
      case "platforms":
        let written = reader.stringList(value, what: field, allowSingle: true)
        platformsWritten = written ?? [Located("", at: nil)]
        builder.platforms = reader.diagnostics.platforms(written ?? [], what: what)
      case "concurrency":
        guard let count = reader.int(value, what: field) else { continue }
        if count < 1 {
          reader.diagnostics.error(
            "\(field) must be at least 1, found \(count)", at: reader.location(of: value),
            hint: "leave it out to use only the --jobs limit")
        } else {
          builder.concurrency = count
        }
      case "default":
        builder.isDefault = reader.bool(value, what: field) ?? false
      case "docker_host", "buildx_builder", "docker_context":
        guard let text = reader.string(value, what: field) else { continue }
        if text.trimmingWhitespace().isEmpty {
          reader.diagnostics.error("\(field) is empty", at: reader.location(of: value))
          continue
        }
        let endpoint: BuilderEndpoint =
          switch key.value {
          case "docker_host": .dockerHost(text)
          case "buildx_builder": .buildxBuilder(text)
          default: .dockerContext(text)
          }
        endpoints.append((key, endpoint))
      default: break
      }
    }
    if platformsWritten == nil {
      reader.diagnostics.error(
        "\(what) has no platforms", at: name.location,
        hint: "add platforms: [linux/amd64] (the platforms it runs natively)")
    } else if platformsWritten?.isEmpty == true {
      reader.diagnostics.error(
        "\(what) has an empty platforms list", at: name.location,
        hint: "name the platforms it runs natively, e.g. [linux/arm64]")
    }
    if endpoints.count > 1 {
      reader.diagnostics.error(
        "\(what) has \(endpoints.map { $0.key.value }.joined(separator: " and ")): give one",
        at: endpoints[1].key.location,
        hint: "a builder is reached through one of docker_host, buildx_builder or docker_context")
    }
    builder.endpoint = endpoints.first?.endpoint
    return builder
  }
}
