import GantryCore
import GantryLoad

/// Why one service depends on another.
public enum EdgeKind: String, Hashable, Sendable, Codable, CaseIterable {
  case needs
  case from = "FROM"
  case copyFrom = "COPY --from"
  case mountFrom = "RUN --mount from"
  case additionalContexts = "additional_contexts"
}

/// `service` needs `dependency` built first; `location` is where that was written.
public struct Edge: Hashable, Sendable, Comparable {
  public var service: String
  public var dependency: String
  public var kind: EdgeKind
  /// The image reference or context value that made the edge (nil for `needs`).
  public var detail: String?
  public var location: SourceLocation?
  /// The target platforms for which the Dockerfile makes this edge (`FROM base:${TARGETARCH}`);
  /// nil when it holds for every platform the service builds.
  public var platforms: [Platform]?

  public init(
    service: String, dependency: String, kind: EdgeKind, detail: String? = nil, location: SourceLocation?,
    platforms: [Platform]? = nil
  ) {
    self.service = service
    self.dependency = dependency
    self.kind = kind
    self.detail = detail
    self.location = location
    self.platforms = platforms
  }

  /// True when a job building `targets` needs this edge (any of them is enough: a job that builds
  /// several platforms at once needs the edges of every one).
  public func applies(to targets: [Platform]) -> Bool {
    guard let platforms, !targets.isEmpty else { return true }
    return targets.contains(where: platforms.contains)
  }

  /// `needs` or `FROM acme/base:1`, for labels.
  public var label: String {
    detail.map { "\(kind.rawValue) \($0)" } ?? kind.rawValue
  }

  public static func < (lhs: Edge, rhs: Edge) -> Bool {
    (lhs.service, lhs.dependency, lhs.kind.rawValue) < (rhs.service, rhs.dependency, rhs.kind.rawValue)
  }
}

/// The services of a project and the edges between them: a value, built once, queried by name.
public struct ServiceGraph: Hashable, Sendable {
  /// Service names in manifest order.
  public private(set) var names: [String]
  /// Every edge, one per origin (a service may depend on another for several reasons).
  public private(set) var edges: [Edge]
  private var dependencySets: [String: [String]]
  private var dependentSets: [String: [String]]
  /// Where each service's edges stand in `edges` (sorted by service first).
  private var edgeRanges: [String: Range<Int>]

  public init(names: [String], edges: [Edge]) {
    self.names = names
    self.edges = edges.sorted()
    var ranges: [String: Range<Int>] = [:]
    var start = 0
    for index in self.edges.indices
    where index + 1 == self.edges.count
      || self.edges[index + 1].service != self.edges[index].service
    {
      ranges[self.edges[index].service] = start..<(index + 1)
      start = index + 1
    }
    self.edgeRanges = ranges
    var dependencies: [String: Set<String>] = [:]
    var dependents: [String: Set<String>] = [:]
    for edge in edges {
      dependencies[edge.service, default: []].insert(edge.dependency)
      dependents[edge.dependency, default: []].insert(edge.service)
    }
    self.dependencySets = dependencies.mapValues { $0.sorted() }
    self.dependentSets = dependents.mapValues { $0.sorted() }
  }

  /// The services `name` needs built first, sorted.
  public func dependencies(of name: String) -> [String] { dependencySets[name] ?? [] }

  /// The services that need `name`, sorted.
  public func dependents(of name: String) -> [String] { dependentSets[name] ?? [] }

  /// The edges from `service` to `dependency`.
  public func edges(from service: String, to dependency: String) -> [Edge] {
    guard let range = edgeRanges[service] else { return [] }
    return edges[range].filter { $0.dependency == dependency }
  }

  /// `names` plus everything they need, transitively.
  public func closure(of names: [String]) -> Set<String> {
    GraphAlgorithms.closure(of: names, successors: dependencies(of:))
  }

  /// The services named in `selection` and everything they need (the whole graph when the
  /// selection is empty). A name that is no service is an error in `diagnostics`, with a
  /// did-you-mean hint; the other names are still selected.
  /// - Parameter aliases: other names for services (a compose service whose image another
  ///   service's job builds selects that service).
  public func selecting(
    _ selection: [String], aliases: [String: String] = [:], diagnostics: inout DiagnosticCollector
  ) -> ServiceGraph {
    guard !selection.isEmpty else { return self }
    let known = Set(names)
    let resolved = selection.map { aliases[$0] ?? $0 }
    for (name, target) in zip(selection, resolved) where !known.contains(target) {
      diagnostics.error(
        "no service named '\(name)'", at: nil,
        hint: Suggestion.hint(for: name, in: names + aliases.keys.sorted(), noun: "services"))
    }
    return restricted(to: closure(of: resolved.filter(known.contains)))
  }

  /// The graph restricted to `kept` services.
  public func restricted(to kept: Set<String>) -> ServiceGraph {
    ServiceGraph(
      names: names.filter(kept.contains),
      edges: edges.filter { kept.contains($0.service) && kept.contains($0.dependency) })
  }
}
