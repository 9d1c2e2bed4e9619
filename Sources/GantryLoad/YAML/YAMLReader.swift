import GantryCore
import Yams

/// Reads a Yams node tree into plain values while recording every type error with its `file:line:column`.
///
/// Nodes keep their marks, so a problem deep in a manifest is reported where it was written.
/// Aliases are followed with a budget, so a document built to expand exponentially
/// ("billion laughs") is reported instead of exhausting memory or time.
public struct YAMLReader {
  public let file: String
  public var diagnostics = DiagnosticCollector()
  /// How many nodes may be visited in total before the document is rejected as too large.
  private var budget: Int

  public init(file: String, nodeBudget: Int = 1_000_000) {
    self.file = file
    self.budget = nodeBudget
  }

  /// Parses YAML text into its root node; a syntax error becomes a diagnostic at its position.
  public static func compose(_ text: String, file: String) -> Result<Node?, Diagnostic> {
    do {
      return .success(try Yams.compose(yaml: text))
    } catch let error as YamlError {
      return .failure(diagnostic(for: error, file: file))
    } catch {
      return .failure(.error("cannot read YAML: \(error)", at: SourceLocation(file: file, line: 1)))
    }
  }

  static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\(problem) \($0.text)" } ?? problem
      return .error(
        "invalid YAML: \(detail)", at: SourceLocation(file: file, line: mark.line, column: mark.column),
        hint: "check the indentation and quoting around this line")
    case .reader(let problem, _, _, _):
      return .error(
        "invalid YAML: \(problem)", at: SourceLocation(file: file, line: 1),
        hint: "the file must be UTF-8 text")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .error(
        "duplicate key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping",
        at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
        hint: "each key may appear once in a mapping; remove or rename the repeated one")
    default:
      return .error("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1))
    }
  }

  /// The location of a node in this reader's file.
  public func location(of node: Node) -> SourceLocation? {
    node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
  }

  /// Counts a visited node against the budget; false (with one error) once it is spent.
  private mutating func spend(_ node: Node) -> Bool {
    budget -= 1
    if budget == 0 {
      diagnostics.error(
        "document is too large or expands too far through aliases", at: location(of: node),
        hint: "remove recursive or deeply nested anchors and aliases")
    }
    return budget > 0
  }

  /// A human name for the kind of a node, for "expected a mapping, found a list".
  public static func kind(of node: Node) -> String {
    switch node {
    case .scalar(let scalar):
      if node.null != nil { return "null" }
      return scalar.style == .plain ? "a scalar (\(scalar.string))" : "a string"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  /// True for an explicit or implicit YAML null (`~`, `null`, empty value).
  public static func isNull(_ node: Node) -> Bool {
    if case .scalar = node { return node.null != nil }
    return false
  }

  /// The entries of a mapping node, with `<<` merge keys applied and keys as strings.
  /// Reports non-mapping nodes and non-scalar keys.
  public mutating func mapping(_ node: Node, what: String) -> [(key: Located<String>, value: Node)]? {
    guard spend(node) else { return nil }
    guard case .mapping(let mapping) = node else {
      diagnostics.error("\(what) must be a mapping, found \(Self.kind(of: node))", at: location(of: node))
      return nil
    }
    var entries: [(key: Located<String>, value: Node)] = []
    var seen: [String: Int] = [:]
    var merged: [(key: Located<String>, value: Node)] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let key) = keyNode else {
        diagnostics.error("keys of \(what) must be strings, found \(Self.kind(of: keyNode))", at: location(of: keyNode))
        continue
      }
      if key.string == "<<", key.style == .plain {
        // YAML merge key: a mapping or a list of mappings whose entries apply where not set here.
        let sources: [Node]
        if case .sequence(let list) = value { sources = Array(list) } else { sources = [value] }
        for source in sources {
          merged.append(contentsOf: self.mapping(source, what: "a merged mapping (<<)") ?? [])
        }
        continue
      }
      if seen[key.string] != nil {
        diagnostics.error(
          "duplicate key '\(key.string)' in \(what)", at: location(of: keyNode),
          hint: "remove one of the two entries")
        continue
      }
      seen[key.string] = entries.count
      entries.append((Located(key.string, at: location(of: keyNode)), value))
    }
    for entry in merged where seen[entry.key.value] == nil {
      seen[entry.key.value] = entries.count
      entries.append(entry)
    }
    return entries
  }

  /// A scalar's text (numbers and booleans as written). Null and collections are reported.
  public mutating func string(_ node: Node, what: String, allowNull: Bool = false) -> String? {
    guard spend(node) else { return nil }
    guard case .scalar(let scalar) = node else {
      diagnostics.error("\(what) must be a string, found \(Self.kind(of: node))", at: location(of: node))
      return nil
    }
    if scalar.style == .plain, node.null != nil {
      if !allowNull { diagnostics.error("\(what) must be a string, found null", at: location(of: node)) }
      return nil
    }
    return scalar.string
  }

  /// A located scalar string.
  public mutating func locatedString(_ node: Node, what: String) -> Located<String>? {
    string(node, what: what).map { Located($0, at: location(of: node)) }
  }

  /// A boolean scalar (`true`/`false`).
  public mutating func bool(_ node: Node, what: String) -> Bool? {
    guard let text = string(node, what: what) else { return nil }
    if let value = node.bool { return value }
    diagnostics.error("\(what) must be true or false, found '\(text)'", at: location(of: node))
    return nil
  }

  /// A whole number scalar.
  public mutating func int(_ node: Node, what: String) -> Int? {
    guard let text = string(node, what: what) else { return nil }
    if let value = Int(text) { return value }
    diagnostics.error("\(what) must be a whole number, found '\(text)'", at: location(of: node))
    return nil
  }

  /// A list of strings; with `allowSingle`, one string stands for a list of one.
  public mutating func stringList(_ node: Node, what: String, allowSingle: Bool = false) -> [Located<String>]? {
    guard spend(node) else { return nil }
    if case .sequence(let sequence) = node {
      var result: [Located<String>] = []
      for item in sequence {
        if let value = locatedString(item, what: "each entry of \(what)") { result.append(value) }
      }
      return result
    }
    if allowSingle, case .scalar = node {
      return locatedString(node, what: what).map { [$0] }
    }
    diagnostics.error("\(what) must be a list, found \(Self.kind(of: node))", at: location(of: node))
    return nil
  }

  /// A string-to-string map, from a mapping (`K: V`) or, with `allowList`, a list of `K=V` (compose style).
  /// A null value (`K:` or a bare `K` in list form) is passed to `nullValue`, which decides (compose takes it from the environment).
  public mutating func stringMap(
    _ node: Node, what: String, allowList: Bool = false, nullValue: (String) -> String? = { _ in nil }
  ) -> [String: Located<String>]? {
    guard spend(node) else { return nil }
    var result: [String: Located<String>] = [:]
    if case .sequence(let sequence) = node, allowList {
      for item in sequence {
        guard let entry = string(item, what: "each entry of \(what)") else { continue }
        if let equals = entry.firstIndex(of: "=") {
          result[String(entry[..<equals])] = Located(
            String(entry[entry.index(after: equals)...]), at: location(of: item))
        } else if let value = nullValue(entry) {
          result[entry] = Located(value, at: location(of: item))
        }
      }
      return result
    }
    guard let entries = mapping(node, what: what) else { return nil }
    for (key, value) in entries {
      if Self.isNull(value) {
        if let fallback = nullValue(key.value) { result[key.value] = Located(fallback, at: key.location) }
        continue
      }
      if let text = string(value, what: "'\(key.value)' in \(what)") {
        result[key.value] = Located(text, at: location(of: value))
      }
    }
    return result
  }

  /// Reports every key not in `allowed`, with the nearest known key as a hint.
  public mutating func rejectUnknownKeys(
    _ entries: [(key: Located<String>, value: Node)], allowed: [String], in what: String
  ) {
    for (key, _) in entries where !allowed.contains(key.value) {
      diagnostics.error(
        "unknown key '\(key.value)' in \(what)", at: key.location,
        hint: Suggestion.hint(for: key.value, in: allowed, noun: "known keys"))
    }
  }
}
