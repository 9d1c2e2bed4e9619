import GantryCore

/// How one compose file sets a value over the files before it (compose merge rules).
enum Overlay<Value: OverlayMergeable> {
  /// A plain value, merged into the earlier one: mappings key by key, lists appended, scalars replaced.
  case set(Value)
  /// Written with `!override`: replaces the earlier value instead of merging.
  case replace(Value)
  /// Written with `!reset`: removes the earlier value.
  case reset

  /// The value once every file is applied; nil when reset or never set.
  var value: Value? {
    switch self {
    case .set(let value), .replace(let value): return value
    case .reset: return nil
    }
  }

  /// `later` applied over `earlier`.
  static func merge(_ earlier: Overlay?, _ later: Overlay?) -> Overlay? {
    guard let later else { return earlier }
    switch later {
    case .reset: return .reset
    case .replace(let value): return .set(value)
    case .set(let value):
      guard let base = earlier?.value else { return .set(value) }
      return .set(base.merged(with: value))
    }
  }
}

/// A value a later compose file can merge into.
protocol OverlayMergeable {
  func merged(with later: Self) -> Self
}

/// Scalars: the later file wins.
extension Located: OverlayMergeable {
  func merged(with later: Located) -> Located { later }
}

/// A compose list (`tags`, `platforms`, `cache_from`, …): later entries are appended, exact repeats dropped.
struct ComposeList: OverlayMergeable, Hashable {
  var items: [Located<String>]

  var values: [String] { items.map(\.value) }

  func merged(with later: ComposeList) -> ComposeList {
    var result = self
    for item in later.items where !result.items.contains(where: { $0.value == item.value }) {
      result.items.append(item)
    }
    return result
  }
}

/// One `KEY=VALUE` entry of a compose mapping written as a mapping or as a list.
struct KeyedEntry: Hashable {
  var key: String
  /// Nil for a bare key: an argument the environment does not set, or an `ssh` id without a path.
  var value: String?
  var location: SourceLocation?
}

/// A compose mapping (`args`, `labels`, `additional_contexts`, `ssh`): a later entry replaces the one with its key.
struct KeyedValues: OverlayMergeable, Hashable {
  var entries: [KeyedEntry]

  func merged(with later: KeyedValues) -> KeyedValues {
    var result = self
    for entry in later.entries {
      if let index = result.entries.firstIndex(where: { $0.key == entry.key }) {
        result.entries[index] = entry
      } else {
        result.entries.append(entry)
      }
    }
    return result
  }

  /// The entries that have a value, as a dictionary.
  var dictionary: [String: String] {
    var result: [String: String] = [:]
    for entry in entries {
      if let value = entry.value { result[entry.key] = value }
    }
    return result
  }
}
