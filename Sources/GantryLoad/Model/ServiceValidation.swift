import GantryCore

/// Checks that apply to services however they were written: paths exist and stay inside the repository,
/// dependencies name services, image names and platforms are well formed.
enum ServiceValidation {
  static func validate(_ services: [ServiceDefinition], repository: String, into diagnostics: inout DiagnosticCollector)
  {
    let names = Set(services.map(\.name))
    let realRepository = Paths.resolvingLinks(repository)
    for service in services {
      let context = service.context
      let realContext = Paths.resolvingLinks(context.value)
      if !Paths.isInside(context.value, root: repository) || !Paths.isInside(realContext, root: realRepository) {
        diagnostics.error(
          "context of service '\(service.name)' is outside the repository (\(context.value))", at: context.location,
          hint: "build contexts must be inside \(repository); move the files or the manifest")
      } else if !Paths.isDirectory(context.value) {
        diagnostics.error(
          "context folder of service '\(service.name)' does not exist: \(Paths.display(context.value))",
          at: context.location, hint: "paths are relative to the manifest's folder")
      } else if let dockerfile = service.dockerfile {
        let realDockerfile = Paths.resolvingLinks(dockerfile.value)
        if !Paths.isInside(dockerfile.value, root: repository) || !Paths.isInside(realDockerfile, root: realRepository)
        {
          diagnostics.error(
            "Dockerfile of service '\(service.name)' is outside the repository (\(dockerfile.value))",
            at: dockerfile.location, hint: "keep the Dockerfile inside \(repository)")
        } else if !Paths.isFile(dockerfile.value) {
          diagnostics.error(
            "Dockerfile of service '\(service.name)' does not exist: \(Paths.display(dockerfile.value))",
            at: dockerfile.location ?? service.location,
            hint: "the dockerfile path is relative to the context folder (default: Dockerfile)")
        }
      }
      for need in service.needs where !names.contains(need.value) {
        diagnostics.error(
          "service '\(service.name)' needs '\(need.value)', which is not a service", at: need.location,
          hint: Suggestion.hint(for: need.value, in: services.map(\.name), noun: "services"))
      }
      for need in service.needs where need.value == service.name {
        diagnostics.error("service '\(service.name)' needs itself", at: need.location, hint: "remove this entry")
      }
      for tag in [service.image].compactMap({ $0 }) + service.tags where ImageReference(tag.value) == nil {
        diagnostics.error(
          "'\(tag.value)' is not a valid image name", at: tag.location,
          hint: "use the form [registry/]name[:tag], e.g. acme/api:1.0")
      }
      for name in service.args.keys.sorted() where !isArgumentName(name) {
        diagnostics.error(
          "'\(name)' is not a valid build argument name in service '\(service.name)'", at: service.location,
          hint: "names are letters, digits and '_' (no '=', spaces or quotes)")
      }
      if service.name.count > 128 {
        diagnostics.error(
          "service name is \(service.name.count) characters long", at: service.location, hint: "use at most 128")
      }
    }
  }

  /// A build argument name as Docker accepts it: no `=`, whitespace or control characters, not empty.
  static func isArgumentName(_ name: String) -> Bool {
    !name.isEmpty
      && name.unicodeScalars.allSatisfy { scalar in
        scalar.isASCII
          && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_.-".unicodeScalars.contains(scalar))
      }
  }

}
