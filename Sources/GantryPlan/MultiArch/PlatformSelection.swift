import GantryCore
import GantryLoad

/// Options of a plan that concern platforms and builders (`--platform`, `--push`).
public struct MultiArchOptions: Sendable, Hashable {
  /// `--platform a,b`: narrows the platforms of services that declare some, and gives them to
  /// services that declare none. nil when not given.
  public var platforms: [Platform]?
  /// `--push`: push every image (true), or leave it to each service's `push:` (nil).
  public var push: Bool?
  /// The platform the implicit `default` builder runs natively (used when there is no `builders:`).
  public var hostPlatform: Platform

  public init(platforms: [Platform]? = nil, push: Bool? = nil, hostPlatform: Platform = .host) {
    self.platforms = platforms
    self.push = push
    self.hostPlatform = hostPlatform
  }
}

/// Applies `--platform` to the services of a plan.
///
/// A service that declares platforms keeps those that are in the list; one that declares none gets
/// the list. A service left with no platform is not built, unless a service that is built needs it:
/// then it is built for its own platforms (with a warning).
enum PlatformSelection {
  struct Result {
    /// Platforms per service, as they will be built.
    var platforms: [String: [Platform]]
    /// Services left out of the plan.
    var dropped: [String]
  }

  static func apply(
    _ requested: [Platform]?, services: [ServiceDefinition], graph: ServiceGraph, diagnostics: inout DiagnosticCollector
  ) -> Result {
    var platforms = Dictionary(services.map { ($0.name, $0.platforms) }, uniquingKeysWith: { first, _ in first })
    guard let requested else { return Result(platforms: platforms, dropped: []) }
    let wanted = requested
    var empty: Set<String> = []
    for service in services {
      guard !service.platforms.isEmpty else {
        platforms[service.name] = requested
        continue
      }
      let kept = service.platforms.filter(wanted.contains)
      platforms[service.name] = kept
      if kept.isEmpty { empty.insert(service.name) }
    }
    let builtAnyway = GraphAlgorithms.closure(
      of: graph.names.filter { !empty.contains($0) }, successors: graph.dependencies(of:)
    ).intersection(empty)
    let built = Set(graph.names).subtracting(empty).union(builtAnyway)
    for name in builtAnyway.sorted() {
      let own = services.first { $0.name == name }?.platforms ?? []
      platforms[name] = own
      let users = graph.dependents(of: name).filter(built.contains)
      diagnostics.warning(
        "service '\(name)' builds none of \(requested.map(\.description).joined(separator: ", ")), but \(users.map { "'\($0)'" }.joined(separator: ", ")) "
          + "need\(users.count == 1 ? "s" : "") it: building it for \(own.map(\.description).joined(separator: ", "))",
        at: nil, hint: "add the platforms to its platforms: list, or leave it as it is if its image is platform-neutral"
      )
    }
    let dropped = graph.names.filter { empty.contains($0) && !builtAnyway.contains($0) }
    if !dropped.isEmpty {
      diagnostics.warning(
        "--platform \(requested.map(\.description).joined(separator: ",")): \(dropped.map { "'\($0)'" }.joined(separator: ", ")) "
          + "build\(dropped.count == 1 ? "s" : "") none of these platforms and \(dropped.count == 1 ? "is" : "are") left out",
        at: nil, hint: nil)
    }
    if dropped.count == graph.names.count {
      diagnostics.error(
        "no service builds \(requested.map(\.description).joined(separator: " or "))", at: nil,
        hint: "name a platform the services list under platforms:, or leave out --platform")
    }
    return Result(platforms: platforms, dropped: dropped)
  }
}
