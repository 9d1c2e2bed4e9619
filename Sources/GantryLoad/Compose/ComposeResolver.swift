import GantryCore

/// Turns the merged compose files into service definitions: relative paths resolved against the project folder
/// (the first file's folder), secrets looked up, default image names given. Services without `build` are skipped.
struct ComposeResolver {
  /// The project folder.
  let folder: String
  /// The environment over `.env`.
  let environment: [String: String]
  /// Variables set by an env file and not by the environment (their values go to the builder for secrets).
  var fileVariables: [String: String] = [:]

  /// Build contexts that name a remote source rather than a folder.
  static let remotePrefixes = ["https://", "http://", "git://", "ssh://", "github.com/", "git@"]

  /// The buildable services among `enabled` (the others are outside the active profiles).
  func services(
    _ layer: ComposeLayer, enabled: Set<String>, project: String, diagnostics: inout DiagnosticCollector
  ) -> [ServiceDefinition] {
    var services: [ServiceDefinition] = []
    for (name, overlay) in layer.services where enabled.contains(name.value) {
      // An invalid name is already reported; its image name and job id would only add noise.
      guard ComposeFileReader.isValidServiceName(name.value) else { continue }
      guard let service = overlay.value, let build = service.build?.value else { continue }
      if var definition = resolve(
        name: name, image: service.image?.value, build: build, layer: layer, project: project,
        diagnostics: &diagnostics)
      {
        applyPlatform(service.platform?.value, to: &definition, diagnostics: &diagnostics)
        services.append(definition)
      }
    }
    return services
  }

  /// Service-level `platform:`: the platform to build for, unless `build.platforms` lists several, which
  /// must then include it (compose v2 rejects a platform outside `build.platforms`). Empty means unset.
  private func applyPlatform(
    _ platform: Located<String>?, to service: inout ServiceDefinition, diagnostics: inout DiagnosticCollector
  ) {
    guard let written = platform, !written.value.isEmpty,
      let platform = diagnostics.platforms([written], what: "service '\(service.name)'").first
    else { return }
    if service.platforms.isEmpty {
      service.platforms = [platform]
    } else if !service.platforms.contains(platform) {
      diagnostics.error(
        "platform '\(written.value)' of service '\(service.name)' is not one of its build.platforms "
          + "(\(service.platforms.map(\.description).joined(separator: ", ")))", at: written.location,
        hint: "add \(written.value) to build.platforms, or change platform:")
    }
  }

  private func resolve(
    name: Located<String>, image: Located<String>?, build: BuildLayer, layer: ComposeLayer, project: String,
    diagnostics: inout DiagnosticCollector
  ) -> ServiceDefinition? {
    // A value that interpolates to nothing (`${UNSET}`) counts as not written, as compose takes it.
    let contextText = nonEmpty(build.context?.value) ?? Located(".", at: build.location ?? name.location)
    if Self.isRemote(contextText.value) {
      diagnostics.error(
        "remote build context '\(contextText.value)' of service '\(name.value)' is not supported",
        at: contextText.location, hint: "check the sources out inside the repository and use their folder as context")
      return nil
    }
    let context = Located(path(contextText.value, relativeTo: folder), at: contextText.location)
    var dockerfile: Located<String>?
    let inline = build.dockerfileInline?.value
    let dockerfileText = nonEmpty(build.dockerfile?.value)
    if let inline, let file = dockerfileText {
      diagnostics.error(
        "service '\(name.value)' sets both dockerfile (\(file.value)) and dockerfile_inline", at: inline.location,
        hint: "keep one of them; an override file can drop the other with !reset null")
    } else if inline == nil {
      let file = dockerfileText ?? Located("Dockerfile", at: name.location)
      dockerfile = Located(path(file.value, relativeTo: context.value), at: file.location)
    }
    var service = ServiceDefinition(
      name: name.value, location: name.location, context: context, dockerfile: dockerfile, origin: .compose)
    service.dockerfileInline = inline?.value
    service.image = nonEmpty(image) ?? Located("\(project)-\(name.value)", at: name.location)
    service.tags = build.tags?.value?.items ?? []
    service.platforms = diagnostics.platforms(build.platforms?.value?.items ?? [], what: "service '\(name.value)'")
    service.cacheFrom = build.cacheFrom?.value?.values ?? []
    service.cacheTo = build.cacheTo?.value?.values ?? []
    service.args = build.args?.value?.dictionary ?? [:]
    service.labels = build.labels?.value?.dictionary ?? [:]
    service.target = nonEmpty(build.target?.value)?.value
    service.network = nonEmpty(build.network?.value)?.value
    // `default` (the SSH agent) or `ID=PATH`, as `--ssh` takes them.
    service.ssh = (build.ssh?.value?.entries ?? []).map { entry in
      entry.value.map { "\(entry.key)=\($0)" } ?? entry.key
    }
    for entry in build.additionalContexts?.value?.entries ?? [] {
      guard let value = entry.value else { continue }
      service.additionalContexts[entry.key] = Located(namedContext(value), at: entry.location)
    }
    service.secrets = secrets(
      build.secrets?.value?.uses ?? [], service: name.value, layer: layer, diagnostics: &diagnostics)
    return service
  }

  private func nonEmpty(_ value: Located<String>?) -> Located<String>? {
    value.flatMap { $0.value.isEmpty ? nil : $0 }
  }

  /// The build secrets, each looked up in the top-level `secrets`.
  private func secrets(
    _ uses: [SecretUse], service: String, layer: ComposeLayer, diagnostics: inout DiagnosticCollector
  ) -> [BuildSecret] {
    var result: [BuildSecret] = []
    let defined = layer.secrets.compactMap { $0.value.value == nil ? nil : $0.key }
    for use in uses {
      let source = use.source.value
      guard let definition = layer.secrets[source]?.value else {
        let hint =
          Suggestion.nearest(to: source, in: defined).map { "did you mean '\($0)'?" }
          ?? "define it in the top-level secrets, e.g. secrets: {\(source): {file: ./\(source).txt}}"
        diagnostics.error(
          "service '\(service)' uses secret '\(source)', which is not defined", at: use.source.location, hint: hint)
        continue
      }
      switch (definition.file?.value, definition.environment?.value) {
      case (let file?, nil):
        result.append(BuildSecret(id: use.id, source: .file(path(file.value, relativeTo: folder))))
      case (nil, let variable?):
        result.append(
          BuildSecret(id: use.id, source: .environment(variable.value), value: fileVariables[variable.value]))
      case (.some, .some):
        diagnostics.error(
          "secret '\(source)' sets both file and environment", at: definition.location,
          hint: "keep one of file: or environment:")
      case (nil, nil):
        let external = definition.external?.value.map { $0.value == "true" } ?? false
        diagnostics.error(
          external
            ? "secret '\(source)' is external, so service '\(service)' cannot pass it to a build"
            : "secret '\(source)' has neither file nor environment",
          at: use.source.location, hint: "define it with file: PATH or environment: VARIABLE in the top-level secrets")
      }
    }
    return result.sorted { $0.id < $1.id }
  }

  /// A named context: `service:NAME`, URLs and `type://` references as written, paths made absolute.
  private func namedContext(_ value: String) -> String {
    if value.hasPrefix("service:") || Self.isRemote(value) { return value }
    return path(value, relativeTo: folder)
  }

  static func isRemote(_ value: String) -> Bool {
    value.contains("://") || Self.remotePrefixes.contains { value.hasPrefix($0) }
  }

  /// `text` made absolute against `base`, with a leading `~` standing for the home folder.
  private func path(_ text: String, relativeTo base: String) -> String {
    if let home = environment["HOME"], text == "~" || text.hasPrefix("~/") {
      return Paths.absolute(home + text.dropFirst(), relativeTo: base)
    }
    return Paths.absolute(text, relativeTo: base)
  }
}
