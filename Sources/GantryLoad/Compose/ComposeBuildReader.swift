import GantryCore
import Yams

/// Reads a service's `build:` section (compose build specification) into a `BuildLayer`.
enum ComposeBuildReader {
  /// Keys gantry uses (with `ignoredKeys`, the keys of `ComposeSchema.buildKeys`).
  static let usedKeys = [
    "context", "dockerfile", "dockerfile_inline", "args", "target", "platforms", "tags", "cache_from", "cache_to",
    "additional_contexts", "network", "labels", "secrets", "ssh",
  ]
  /// Keys of the specification that do not change what gantry builds or how it orders builds.
  static let ignoredKeys = [
    "extra_hosts", "isolation", "privileged", "shm_size", "ulimits", "no_cache", "pull", "entitlements",
    "provenance", "sbom",
  ]
  static let secretKeys = ["source", "target", "uid", "gid", "mode"]

  /// Reads an interpolated `build:` value: a context path or a mapping.
  static func read(
    _ node: Node, service: String, environment: [String: String], reader: inout YAMLReader
  ) -> BuildLayer? {
    let what = "build of service '\(service)'"
    var layer = BuildLayer(location: reader.location(of: node))
    if case .scalar = node {
      // A number or boolean is reported by the schema check ("must be a string or a mapping").
      if let type = ComposeSchema.type(of: node), type != .string { return nil }
      guard !YAMLReader.isNull(node) else {
        reader.diagnostics.error(
          "\(what) must be a path or a mapping, found null", at: reader.location(of: node),
          hint: "write build: ./folder, or a mapping with context:")
        return nil
      }
      guard let context = reader.locatedString(node, what: what) else { return nil }
      layer.context = .set(context)
      return layer
    }
    guard let entries = reader.mapping(node, what: what) else { return nil }
    reader.rejectUnknownKeys(ComposeValues.withoutExtensions(entries), allowed: usedKeys + ignoredKeys, in: what)
    for (key, value) in entries {
      read(key: key.value, value: value, into: &layer, service: service, environment: environment, reader: &reader)
    }
    return layer
  }

  private static func read(
    key: String, value: Node, into layer: inout BuildLayer, service: String, environment: [String: String],
    reader: inout YAMLReader
  ) {
    let what = "build.\(key) of service '\(service)'"
    let string = { (node: Node, reader: inout YAMLReader) in ComposeValues.string(node, what: what, reader: &reader) }
    let list = { (node: Node, reader: inout YAMLReader) in ComposeValues.list(node, what: what, reader: &reader) }
    switch key {
    case "context": layer.context = ComposeValues.overlay(value, reader: &reader, string)
    case "dockerfile": layer.dockerfile = ComposeValues.overlay(value, reader: &reader, string)
    case "dockerfile_inline": layer.dockerfileInline = ComposeValues.overlay(value, reader: &reader, string)
    case "target": layer.target = ComposeValues.overlay(value, reader: &reader, string)
    case "network": layer.network = ComposeValues.overlay(value, reader: &reader, string)
    case "tags": layer.tags = ComposeValues.overlay(value, reader: &reader, list)
    case "platforms": layer.platforms = ComposeValues.overlay(value, reader: &reader, list)
    case "cache_from": layer.cacheFrom = ComposeValues.overlay(value, reader: &reader, list)
    case "cache_to": layer.cacheTo = ComposeValues.overlay(value, reader: &reader, list)
    case "args":
      // A bare argument takes its value from the environment and is left out when unset there.
      layer.args = ComposeValues.overlay(value, reader: &reader) { node, reader in
        ComposeValues.keyed(node, what: what, reader: &reader, bare: { environment[$0] }, plainNumbers: true)
      }
    case "labels":
      layer.labels = ComposeValues.overlay(value, reader: &reader) { node, reader in
        ComposeValues.keyed(node, what: what, reader: &reader, bare: { _ in "" }, plainNumbers: true)
      }
    case "additional_contexts":
      layer.additionalContexts = ComposeValues.overlay(value, reader: &reader) { node, reader in
        ComposeValues.keyed(node, what: what, reader: &reader, bare: nil)
      }
    case "ssh":
      // `default` (the SSH agent) or `ID=PATH`; a bare id keeps no path.
      layer.ssh = ComposeValues.overlay(value, reader: &reader) { node, reader in
        ComposeValues.keyed(node, what: what, reader: &reader, bare: { _ in nil })
      }
    case "secrets":
      layer.secrets = ComposeValues.overlay(value, reader: &reader) { node, reader in
        secrets(node, what: what, reader: &reader)
      }
    default: break
    }
  }

  /// `secrets: [id, {source: id, target: name}]`.
  private static func secrets(_ node: Node, what: String, reader: inout YAMLReader) -> SecretUses? {
    guard case .sequence(let sequence) = node else {
      reader.diagnostics.error(
        "\(what) must be a list, found \(YAMLReader.kind(of: node))", at: reader.location(of: node),
        hint: "list secret names, or {source: NAME, target: ID} mappings")
      return nil
    }
    var uses: [SecretUse] = []
    for item in sequence {
      if case .scalar = item {
        if let source = reader.locatedString(item, what: "each entry of \(what)") {
          uses.append(SecretUse(source: source, target: nil))
        }
        continue
      }
      guard let entries = reader.mapping(item, what: "each entry of \(what)") else { continue }
      reader.rejectUnknownKeys(ComposeValues.withoutExtensions(entries), allowed: secretKeys, in: "a secret of \(what)")
      let value = { (key: String) in entries.first { $0.key.value == key }?.value }
      guard let sourceNode = value("source") else {
        reader.diagnostics.error(
          "a secret of \(what) has no source", at: reader.location(of: item),
          hint: "add source: NAME (a secret of the top-level secrets)")
        continue
      }
      guard let source = reader.locatedString(sourceNode, what: "source of a secret of \(what)") else { continue }
      let target = value("target").flatMap { reader.string($0, what: "target of a secret of \(what)") }
      uses.append(SecretUse(source: source, target: target))
    }
    return SecretUses(uses: uses)
  }
}
