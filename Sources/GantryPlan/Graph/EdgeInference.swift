import GantryCore
import GantryDockerfile
import GantryLoad

/// Finds the edges between services: `needs`, images a Dockerfile pulls in that another service builds,
/// and compose `additional_contexts` naming a service.
enum EdgeInference {
  /// - Parameter readings: each service's Dockerfile, read once per platform it builds.
  static func edges(
    for services: [ServiceDefinition], readings: [String: [DockerfileReading]], diagnostics: inout DiagnosticCollector
  ) -> [Edge] {
    let names = Set(services.map(\.name))
    var owners: [ImageReference: String] = [:]
    for service in services {
      for tag in service.allTags {
        guard let reference = ImageReference(tag) else { continue }
        if let other = owners[reference], other != service.name {
          diagnostics.error(
            "services '\(other)' and '\(service.name)' both build the image '\(tag)'",
            at: service.image?.location ?? service.location,
            hint: "give each service its own image name or tag")
        } else {
          owners[reference] = service.name
        }
      }
    }
    var edges: [Edge] = []
    for service in services {
      for need in service.needs where names.contains(need.value) && need.value != service.name {
        edges.append(Edge(service: service.name, dependency: need.value, kind: .needs, location: need.location))
      }
      edges += imageEdges(of: service, readings: readings[service.name] ?? [], owners: owners)
      for (name, value) in service.additionalContexts.sorted(by: { $0.key < $1.key }) {
        if let target = value.value.removingPrefix("service:") {
          if names.contains(target), target != service.name {
            edges.append(
              Edge(
                service: service.name, dependency: target, kind: .additionalContexts, detail: "\(name)=\(value.value)",
                location: value.location))
          } else {
            diagnostics.error(
              "additional context '\(name)' of service '\(service.name)' names '\(target)', which is not another service",
              at: value.location,
              hint: Suggestion.hint(
                for: target, in: services.map(\.name).filter { $0 != service.name }, noun: "services"))
          }
        } else if let image = value.value.removingPrefix("docker-image://"), let reference = ImageReference(image),
          let owner = owners[reference], owner != service.name
        {
          edges.append(
            Edge(
              service: service.name, dependency: owner, kind: .additionalContexts, detail: "\(name)=\(value.value)",
              location: value.location))
        }
      }
    }
    return edges
  }

  /// The edges to services whose images the Dockerfile uses. An edge found in the readings for
  /// only some platforms holds only for those (`FROM base:${TARGETARCH}`).
  private static func imageEdges(
    of service: ServiceDefinition, readings: [DockerfileReading], owners: [ImageReference: String]
  ) -> [Edge] {
    var found: [Edge] = []
    var targets: [Edge: Set<String>] = [:]
    var everywhere: Set<Edge> = []
    for (index, reading) in readings.enumerated() {
      var inThisReading: Set<Edge> = []
      for use in reading.dockerfile.imageUses {
        // A named build context shadows an image of the same name (`COPY --from=docs` with a `docs` context).
        guard service.additionalContexts[use.reference] == nil,
          let reference = ImageReference(use.reference), let owner = owners[reference], owner != service.name
        else { continue }
        let edge = Edge(
          service: service.name, dependency: owner, kind: kind(of: use.kind), detail: use.reference,
          location: use.location)
        if targets[edge] == nil { found.append(edge) }
        targets[edge, default: []].insert(reading.platforms.target ?? "")
        inThisReading.insert(edge)
      }
      everywhere = index == 0 ? inThisReading : everywhere.intersection(inThisReading)
    }
    return found.map { edge in
      guard !everywhere.contains(edge) else { return edge }
      var limited = edge
      limited.platforms = targets[edge]?.compactMap(Platform.init).sorted()
      return limited
    }
  }

  static func kind(of use: ImageUse.Kind) -> EdgeKind {
    switch use {
    case .from: .from
    case .copyFrom: .copyFrom
    case .mountFrom: .mountFrom
    }
  }
}

extension String {
  /// The rest of the string after `prefix`, or nil when it does not start with it.
  func removingPrefix(_ prefix: String) -> String? {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
  }
}
