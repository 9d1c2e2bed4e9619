import Foundation
import GantryCore
import GantryTestSupport
import Testing

@testable import GantryLoad

/// gantry's encoding of the compose schema (`ComposeSchema`) against the schema file Debian's
/// docker-compose 1.29.2 installs (`compose_spec.json`, the specification as of compose 1.29, which covers
/// the 2.x and 3.x file formats). gantry follows the current compose specification: it knows every key
/// of that file with at least its types, plus the keys and types the specification added since.
@Suite struct ComposeSchemaTests {
  /// Service keys the specification added after the schema compose 1.29.2 ships.
  static let newerServiceKeys: Set<String> = [
    "annotations", "attach", "cgroup", "develop", "gpus", "label_file", "models", "post_start", "pre_stop",
    "provider", "pull_refresh_after", "use_api_socket", "uts",
  ]
  /// Build keys the specification added since.
  static let newerBuildKeys: Set<String> = [
    "dockerfile_inline", "ssh", "cache_to", "no_cache", "additional_contexts", "pull", "privileged", "secrets",
    "tags", "ulimits", "platforms", "entitlements", "provenance", "sbom",
  ]
  /// Top-level keys added since.
  static let newerTopLevelKeys: Set<String> = ["name", "include", "models"]

  typealias Types = Set<ComposeSchema.JSONType>

  /// The schema's service, build and top-level properties with their types (`$ref`, `oneOf`, `anyOf` followed).
  struct Published {
    var service: [String: Types] = [:]
    var build: [String: Types] = [:]
    var topLevel: Set<String> = []
  }

  static func published() throws -> Published? {
    guard Tools.shouldRun(Tools.composeSchema, for: "ComposeSchemaTests") else { return nil }
    let path = try Tools.require(Tools.composeSchema)
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let definitions = try #require(root["definitions"] as? [String: Any])
    func types(_ node: Any?) -> Types {
      guard let node = node as? [String: Any] else { return [] }
      if let ref = node["$ref"] as? String, let name = ref.split(separator: "/").last {
        return types(definitions[String(name)])
      }
      var result: Types = []
      let written = (node["type"] as? [String]) ?? (node["type"] as? String).map { [$0] } ?? []
      // An unknown type name stays visible: it is kept as a type gantry cannot have.
      for type in written { result.insert(ComposeSchema.JSONType(rawValue: type) ?? .null) }
      for key in ["oneOf", "anyOf"] {
        for sub in node[key] as? [Any] ?? [] { result.formUnion(types(sub)) }
      }
      return result
    }
    let service = try #require(definitions["service"] as? [String: Any])
    let properties = try #require(service["properties"] as? [String: Any])
    var published = Published()
    for (key, value) in properties { published.service[key] = types(value) }
    let build = try #require((properties["build"] as? [String: Any])?["oneOf"] as? [Any])
    for case let object as [String: Any] in build {
      for (key, value) in object["properties"] as? [String: Any] ?? [:] { published.build[key] = types(value) }
    }
    published.topLevel = Set((root["properties"] as? [String: Any] ?? [:]).keys)
    return published
  }

  /// `published` ⊆ `ours`, counting a whole number as a number; what ours adds is a string or null
  /// (the specification widened booleans and numbers to strings so they can be interpolated).
  static func compare(_ key: String, published: Types, ours: Types?) -> String? {
    guard let ours else { return "\(key): not known to gantry" }
    let missing = published.filter { !ComposeSchema.admits(ours, $0) }
    if !missing.isEmpty { return "\(key): gantry does not accept \(missing.map(\.rawValue).sorted())" }
    let added = ours.subtracting(published).filter { !($0 == .integer && published.contains(.number)) }
    if !added.isSubset(of: [.string, .null]) { return "\(key): gantry adds \(added.map(\.rawValue).sorted())" }
    return nil
  }

  @Test func serviceKeysAndTypesMatchThePublishedSchema() throws {
    guard let published = try Self.published() else { return }
    #expect(published.service.count > 70)
    let problems = published.service.keys.sorted().compactMap { key in
      Self.compare(key, published: published.service[key] ?? [], ours: ComposeSchema.serviceKeys[key])
    }
    #expect(problems == [])
    #expect(Set(ComposeSchema.serviceKeys.keys).subtracting(published.service.keys) == Self.newerServiceKeys)
  }

  @Test func buildKeysAndTypesMatchThePublishedSchema() throws {
    guard let published = try Self.published() else { return }
    let problems = published.build.keys.sorted().compactMap { key in
      Self.compare(key, published: published.build[key] ?? [], ours: ComposeSchema.buildKeys[key])
    }
    #expect(problems == [])
    #expect(Set(ComposeSchema.buildKeys.keys).subtracting(published.build.keys) == Self.newerBuildKeys)
  }

  @Test func topLevelKeysMatchThePublishedSchema() throws {
    guard let published = try Self.published() else { return }
    #expect(published.topLevel.subtracting(ComposeSchema.topLevelKeys.keys) == [])
    #expect(Set(ComposeSchema.topLevelKeys.keys).subtracting(published.topLevel) == Self.newerTopLevelKeys)
  }

  /// The build reader and the schema name the same keys (the reader uses some and ignores the rest).
  @Test func theBuildReaderKnowsTheSchemasBuildKeys() {
    #expect(Set(ComposeBuildReader.usedKeys + ComposeBuildReader.ignoredKeys) == Set(ComposeSchema.buildKeys.keys))
    #expect(Set(ComposeFileReader.topLevelKeys) == Set(ComposeSchema.topLevelKeys.keys))
  }
}
