import GantryCore
import Yams

/// Readers for the value shapes compose files use, on top of `YAMLReader`.
enum ComposeValues {
  /// A value with its `!reset` / `!override` merge tag applied; nil when `read` rejects the value.
  static func overlay<Value>(
    _ node: Node, reader: inout YAMLReader, _ read: (Node, inout YAMLReader) -> Value?
  ) -> Overlay<Value>? {
    switch node.tag.rawValue {
    case "!reset": return .reset
    case "!override": return read(node, &reader).map { .replace($0) }
    default: return read(node, &reader).map { .set($0) }
    }
  }

  /// A mapping written as `KEY: VALUE` entries or as a list of `KEY=VALUE` strings.
  ///
  /// A bare entry (`KEY:` with no value, or `- KEY`) gets the value `bare` returns for it (nil leaves it without one);
  /// with `bare` nil such entries are reported.
  static func keyed(
    _ node: Node, what: String, reader: inout YAMLReader, bare: ((String) -> String?)?, plainNumbers: Bool = false
  ) -> KeyedValues? {
    var entries: [KeyedEntry] = []
    switch node {
    case .sequence(let sequence):
      for item in sequence {
        guard let text = reader.string(item, what: "each entry of \(what)") else { continue }
        let location = reader.location(of: item)
        if let equals = text.firstIndex(of: "=") {
          let key = String(text[..<equals])
          entries.append(KeyedEntry(key: key, value: String(text[text.index(after: equals)...]), location: location))
        } else if let bare {
          entries.append(KeyedEntry(key: text, value: bare(text), location: location))
        } else {
          reader.diagnostics.error(
            "entry '\(text)' of \(what) has no value", at: location, hint: "write \(text)=VALUE")
        }
      }
    case .mapping:
      for (key, value) in reader.mapping(node, what: what) ?? [] {
        if YAMLReader.isNull(value) {
          if let bare {
            entries.append(KeyedEntry(key: key.value, value: bare(key.value), location: key.location))
          } else {
            reader.diagnostics.error(
              "entry '\(key.value)' of \(what) has no value", at: key.location, hint: "write \(key.value): VALUE")
          }
        } else if let text = reader.string(value, what: "'\(key.value)' in \(what)") {
          // An unquoted number or boolean reads as compose v2 prints it (`1.50` → `1.5`).
          let shown = plainNumbers && isPlain(value) ? ComposeScalar.text(ofPlain: text) : text
          entries.append(KeyedEntry(key: key.value, value: shown, location: reader.location(of: value)))
        }
      }
    default:
      reader.diagnostics.error(
        "\(what) must be a mapping or a list of KEY=VALUE, found \(YAMLReader.kind(of: node))",
        at: reader.location(of: node), hint: "write KEY: VALUE entries, or a list of \"KEY=VALUE\" strings")
      return nil
    }
    return KeyedValues(entries: entries)
  }

  /// An unquoted scalar without a string tag: YAML resolves it to a number, boolean or string by its text.
  static func isPlain(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
    // Yams records the tag it resolved on the scalar (shared by copies of the node), so resolved core tags count.
    return [
      "", "?", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
    ]
    .contains(scalar.tag.rawValue)
  }

  /// A list of strings.
  static func list(_ node: Node, what: String, reader: inout YAMLReader) -> ComposeList? {
    reader.stringList(node, what: what).map { ComposeList(items: $0) }
  }

  /// A scalar string with its location.
  static func string(_ node: Node, what: String, reader: inout YAMLReader) -> Located<String>? {
    reader.locatedString(node, what: what)
  }

  /// Entries whose keys are not compose extensions (`x-…`), which may appear in any mapping and are ignored.
  static func withoutExtensions(_ entries: [(key: Located<String>, value: Node)]) -> [(
    key: Located<String>, value: Node
  )] {
    entries.filter { !$0.key.value.hasPrefix("x-") }
  }
}
