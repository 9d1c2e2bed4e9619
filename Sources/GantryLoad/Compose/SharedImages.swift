import GantryCore

/// Services that name the same `image:`: compose builds such an image once when the build definitions are
/// identical (one image, several services running it, usually written once through a YAML anchor), so they
/// become one service whose `sharedBy` names the others. Different definitions for one image are an error
/// that shows both, since which of them ends up under the tag would depend on build order.
enum SharedImages {
  static func merge(_ services: [ServiceDefinition], diagnostics: inout DiagnosticCollector) -> [ServiceDefinition] {
    var result: [ServiceDefinition] = []
    var byImage: [String: Int] = [:]
    for service in services {
      guard let image = service.image?.value else {
        result.append(service)
        continue
      }
      guard let index = byImage[image] else {
        byImage[image] = result.count
        result.append(service)
        continue
      }
      let first = result[index]
      let differences = zip(fields(of: first), fields(of: service)).filter { $0.0.value != $0.1.value }
      if differences.isEmpty {
        result[index].sharedBy.append(service.name)
        continue
      }
      let shown = differences.map { earlier, later in
        "\(earlier.name): '\(first.name)' has \(earlier.value), '\(service.name)' has \(later.value)"
      }
      diagnostics.error(
        "services '\(first.name)' and '\(service.name)' both build the image '\(image)' with different build "
          + "definitions (\(shown.joined(separator: "; ")))",
        at: service.image?.location ?? service.location,
        hint: "give each service its own image name, or make the build sections identical (a YAML anchor helps)")
    }
    // `additional_contexts: {x: service:worker}` names the job that builds worker's image.
    let primary = Dictionary(
      result.flatMap { service in service.sharedBy.map { ($0, service.name) } }, uniquingKeysWith: { a, _ in a })
    for index in result.indices {
      for (name, value) in result[index].additionalContexts {
        guard value.value.hasPrefix("service:") else { continue }
        if let other = primary[String(value.value.dropFirst("service:".count))] {
          result[index].additionalContexts[name] = Located("service:" + other, at: value.location)
        }
      }
    }
    return result
  }

  /// What decides the image a service builds, as comparable text; locations do not count.
  static func fields(of service: ServiceDefinition) -> [(name: String, value: String)] {
    func list(_ values: [String]) -> String { values.isEmpty ? "none" : "[" + values.joined(separator: ", ") + "]" }
    func map(_ values: [String: String]) -> String {
      list(values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
    }
    let secrets = service.secrets.map { secret -> String in
      switch secret.source {
      case .file(let path): "\(secret.id)=file:\(Paths.display(path))"
      case .environment(let variable): "\(secret.id)=env:\(variable)"
      }
    }
    return [
      ("context", Paths.display(service.context.value)),
      ("dockerfile", service.dockerfile.map { Paths.display($0.value) } ?? "none"),
      ("dockerfile_inline", service.dockerfileInline.map { "'\($0)'" } ?? "none"),
      ("target", service.target ?? "none"),
      ("args", map(service.args)),
      ("labels", map(service.labels)),
      ("tags", list(service.tags.map(\.value))),
      ("platforms", list(service.platforms.map(\.description))),
      ("cache_from", list(service.cacheFrom)),
      ("cache_to", list(service.cacheTo)),
      ("additional_contexts", map(service.additionalContexts.mapValues(\.value))),
      ("network", service.network ?? "none"),
      ("secrets", list(secrets)),
      ("ssh", list(service.ssh)),
    ]
  }
}
