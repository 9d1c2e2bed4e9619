/// Writes a service graph as Graphviz dot, Mermaid or JSON, edges labelled with their origin.
public enum GraphRenderer {
  public enum Format: String, CaseIterable, Sendable {
    case dot, mermaid, json
  }

  public static func render(_ graph: ServiceGraph, format: Format) throws -> String {
    switch format {
    case .dot: return dot(graph)
    case .mermaid: return mermaid(graph)
    case .json: return try JSONOutput.encode(GraphJSON(graph))
    }
  }

  /// Arrows point from a service to what it needs, as `needs` reads.
  static func dot(_ graph: ServiceGraph) -> String {
    var lines = ["digraph gantry {", "  rankdir=LR;", "  node [shape=box];"]
    for name in graph.names.sorted() { lines.append("  \(quoted(name));") }
    for edge in graph.edges {
      lines.append("  \(quoted(edge.service)) -> \(quoted(edge.dependency)) [label=\(quoted(edge.label))];")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  static func mermaid(_ graph: ServiceGraph) -> String {
    let names = graph.names.sorted()
    let ids = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, "s\($0)") })
    var lines = ["graph LR"]
    for name in names { lines.append("  \(ids[name]!)[\"\(mermaidText(name))\"]") }
    for edge in graph.edges {
      lines.append("  \(ids[edge.service]!) -->|\"\(mermaidText(edge.label))\"| \(ids[edge.dependency]!)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func quoted(_ text: String) -> String {
    "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
  }

  static func mermaidText(_ text: String) -> String {
    text.replacingAll("\"", with: "#quot;")
  }

  struct GraphJSON: Encodable {
    struct EdgeJSON: Encodable {
      var service: String
      var dependency: String
      var kind: String
      var detail: String?
      var location: String?
    }

    var services: [String]
    var edges: [EdgeJSON]

    init(_ graph: ServiceGraph) {
      services = graph.names.sorted()
      edges = graph.edges.map {
        EdgeJSON(
          service: $0.service, dependency: $0.dependency, kind: $0.kind.rawValue, detail: $0.detail,
          location: $0.location?.description)
      }
    }
  }
}

extension String {
  /// Every occurrence of `target` replaced (no Foundation needed).
  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
