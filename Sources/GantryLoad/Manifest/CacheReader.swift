import GantryCore
import Yams

/// Reads `cache: registry|gha|local|inline` (in `defaults` or a service).
enum CacheReader {
  static let key = "cache"

  static func read(_ node: Node, what: String, reader: inout YAMLReader) -> Located<CacheBackend>? {
    guard let text = reader.locatedString(node, what: "\(what).cache") else { return nil }
    guard let backend = CacheBackend(rawValue: text.value) else {
      let names = CacheBackend.allCases.map(\.rawValue).joined(separator: ", ")
      reader.diagnostics.error(
        "\(what).cache must be one of \(names), found '\(text.value)'", at: text.location,
        hint: "registry keeps the cache beside the image (<image>:buildcache-<platform>); see docs/ci.md#cache")
      return nil
    }
    return Located(backend, at: text.location)
  }
}
