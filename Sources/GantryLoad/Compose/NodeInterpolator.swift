import GantryCore
import Yams

/// Applies compose interpolation to every scalar value of a node tree; mapping keys stay as written.
///
/// Problems are recorded in the reader with the position of the value. A scalar whose text changes becomes
/// a quoted string, so an expression that expands to nothing reads as an empty string rather than null.
struct NodeInterpolator {
  let interpolation: Interpolation
  /// How many nodes may still be visited; aliases can make a small file expand into a huge tree.
  private var budget: Int
  /// Unset variables already warned about, so each is reported once.
  private var reportedUnset: Set<String> = []
  /// Where a value could not be expanded; later checks of those values would only repeat the problem.
  private(set) var failedLocations: Set<SourceLocation> = []

  init(variables: [String: String], nodeBudget: Int = 100_000) {
    self.interpolation = Interpolation(variables: variables)
    self.budget = nodeBudget
  }

  mutating func interpolate(_ node: Node, reader: inout YAMLReader) -> Node {
    guard budget > 0 else { return node }
    budget -= 1
    if budget == 0 {
      reader.diagnostics.error(
        "document is too large or expands too far through aliases", at: reader.location(of: node),
        hint: "remove recursive or deeply nested anchors and aliases")
      return node
    }
    switch node {
    case .scalar(let scalar):
      return .scalar(interpolate(scalar, at: node, reader: &reader))
    case .mapping(let mapping):
      var pairs: [(Node, Node)] = []
      for (key, value) in mapping {
        pairs.append((key, interpolate(value, reader: &reader)))
      }
      return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
    case .sequence(let sequence):
      var items: [Node] = []
      for item in sequence {
        items.append(interpolate(item, reader: &reader))
      }
      return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
    case .alias:
      return node
    }
  }

  private mutating func interpolate(_ scalar: Node.Scalar, at node: Node, reader: inout YAMLReader) -> Node.Scalar {
    guard scalar.string.contains("$") else { return scalar }
    let location = reader.location(of: node)
    do {
      let expansion = try interpolation.expand(scalar.string)
      for name in expansion.unsetVariables where !reportedUnset.contains(name) {
        reportedUnset.insert(name)
        reader.diagnostics.warning(
          "variable '\(name)' is not set, using an empty string", at: location,
          hint: "set \(name) in the environment or in .env, or write ${\(name):-default}")
      }
      guard expansion.value != scalar.string else { return scalar }
      let tag = scalar.tag.rawValue.isEmpty || scalar.tag.rawValue == "!" ? Tag(.str) : scalar.tag
      return Node.Scalar(expansion.value, tag, .doubleQuoted, scalar.mark)
    } catch {
      reader.diagnostics.error(error.description, at: location, hint: error.hint)
      if let location { failedLocations.insert(location) }
      return scalar
    }
  }
}
