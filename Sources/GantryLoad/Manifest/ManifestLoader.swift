import GantryCore
import Yams

/// Reads a `gantry.yml` (format: docs/manifest.md) into a `Project`.
public enum ManifestLoader {
  static let topLevelKeys = ["version", "backend", "builders", "defaults", "services", "history_limit"]
  static let defaultsKeys =
    ["platforms", "args", "labels", "network", "cache_from", "cache_to", CacheReader.key] + RunSettingsReader.keys
    + PlatformSettingsReader.keys + BudgetsReader.keys
  static let serviceKeys =
    [
      "context", "dockerfile", "image", "tags", "needs", "args", "target", "platforms", "labels",
      "cache_from", "cache_to", "additional_contexts", "network", "secrets", "ssh", CacheReader.key,
    ] + RunSettingsReader.keys + PlatformSettingsReader.keys + BudgetsReader.keys

  /// Loads and validates a manifest; every problem found is thrown together.
  /// - Parameter path: absolute path of the manifest.
  public static func load(path: String) throws(DiagnosticsError) -> Project {
    let display = Paths.display(path)
    let text: String
    switch SourceFile.read(path, display: display) {
    case .success(let value): text = value
    case .failure(let diagnostic): throw DiagnosticsError([diagnostic])
    }
    return try load(text: text, path: path, display: display)
  }

  /// Loads a manifest from text (for tests and for files already read).
  public static func load(text: String, path: String, display: String? = nil) throws(DiagnosticsError) -> Project {
    let display = display ?? Paths.display(path)
    let folder = Paths.folder(of: path)
    var reader = YAMLReader(file: display)
    let root: Node
    switch YAMLReader.compose(text, file: display) {
    case .failure(let diagnostic): throw DiagnosticsError([diagnostic])
    case .success(nil):
      throw DiagnosticsError([
        .error(
          "the manifest is empty", at: SourceLocation(file: display, line: 1),
          hint: "add a services: mapping (see docs/manifest.md)")
      ])
    case .success(let node?): root = node
    }
    guard let top = reader.mapping(root, what: "the manifest") else {
      throw DiagnosticsError(reader.diagnostics.diagnostics)
    }
    // `x-` keys hold YAML anchors for the rest of the file, as in compose files.
    reader.rejectUnknownKeys(top.filter { !$0.key.value.hasPrefix("x-") }, allowed: topLevelKeys, in: "the manifest")

    var defaults = Defaults()
    if let node = top.first(where: { $0.key.value == "defaults" })?.value, !YAMLReader.isNull(node) {
      defaults = readDefaults(node, reader: &reader)
    }
    var backend: Located<BackendSetting>?
    if let node = top.first(where: { $0.key.value == "backend" })?.value, !YAMLReader.isNull(node) {
      backend = BackendReader.read(node, reader: &reader)
    }
    var builders: [BuilderDefinition] = []
    if let node = top.first(where: { $0.key.value == "builders" })?.value, !YAMLReader.isNull(node) {
      builders = BuildersReader.read(node, reader: &reader)
    }
    var services: [ServiceDefinition] = []
    if let entry = top.first(where: { $0.key.value == "services" }) {
      for (name, node) in reader.mapping(entry.value, what: "services") ?? [] {
        if let service = readService(name: name, node: node, folder: folder, defaults: defaults, reader: &reader) {
          services.append(service)
        }
      }
    } else {
      reader.diagnostics.error(
        "the manifest has no services", at: reader.location(of: root),
        hint: "add a services: mapping (see docs/manifest.md)")
    }
    for service in services where !isValidName(service.name) {
      reader.diagnostics.error(
        "'\(service.name)' is not a valid service name", at: service.location,
        hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit")
    }
    let repository = Paths.repositoryRoot(containing: folder)
    ServiceValidation.validate(services, repository: repository, into: &reader.diagnostics)
    var historyLimit: Int?
    if let node = top.first(where: { $0.key.value == "history_limit" })?.value, !YAMLReader.isNull(node) {
      historyLimit = BudgetsReader.historyLimit(node, reader: &reader)
    }
    try reader.diagnostics.throwIfErrors()
    var project = Project(
      root: folder, files: [path], services: services, warnings: reader.diagnostics.warnings, backend: backend,
      builders: builders)
    project.historyLimit = historyLimit
    return project
  }

  /// Service names become job ids, file names and graph labels: keep them to a safe alphabet.
  static func isValidName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else {
      return false
    }
    return name.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
    }
  }

  struct Defaults {
    var platforms: [Platform] = []
    var args: [String: String] = [:]
    var labels: [String: String] = [:]
    var network: String?
    var cacheFrom: [String] = []
    var cacheTo: [String] = []
    var cache: Located<CacheBackend>?
    var run = RunSettings()
    var multiArch = MultiArchSettings()
    var budgets = Budgets()
  }

  static func readDefaults(_ node: Node, reader: inout YAMLReader) -> Defaults {
    var defaults = Defaults()
    guard let entries = reader.mapping(node, what: "defaults") else { return defaults }
    reader.rejectUnknownKeys(entries, allowed: defaultsKeys, in: "defaults")
    for (key, value) in entries {
      switch key.value {
      case "platforms":
        defaults.platforms = reader.diagnostics.platforms(
          reader.stringList(value, what: "defaults.platforms") ?? [], what: "defaults.platforms")
      case "args": defaults.args = reader.stringMap(value, what: "defaults.args")?.mapValues(\.value) ?? [:]
      case "labels": defaults.labels = reader.stringMap(value, what: "defaults.labels")?.mapValues(\.value) ?? [:]
      case "network": defaults.network = reader.string(value, what: "defaults.network")
      case "cache_from": defaults.cacheFrom = reader.stringList(value, what: "defaults.cache_from")?.map(\.value) ?? []
      case "cache_to": defaults.cacheTo = reader.stringList(value, what: "defaults.cache_to")?.map(\.value) ?? []
      case CacheReader.key: defaults.cache = CacheReader.read(value, what: "defaults", reader: &reader)
      case let name where RunSettingsReader.keys.contains(name):
        RunSettingsReader.read(key: name, value: value, what: "defaults", into: &defaults.run, reader: &reader)
      case let name where PlatformSettingsReader.keys.contains(name):
        PlatformSettingsReader.read(
          key: name, value: value, what: "defaults", into: &defaults.multiArch, reader: &reader)
      case let name where BudgetsReader.keys.contains(name):
        BudgetsReader.read(key: name, value: value, what: "defaults", into: &defaults.budgets, reader: &reader)
      default: break
      }
    }
    return defaults
  }

  static func readService(
    name: Located<String>, node: Node, folder: String, defaults: Defaults, reader: inout YAMLReader
  ) -> ServiceDefinition? {
    let what = "service '\(name.value)'"
    guard let entries = reader.mapping(node, what: what) else { return nil }
    reader.rejectUnknownKeys(entries, allowed: serviceKeys, in: what)
    let value = { (key: String) in entries.first(where: { $0.key.value == key })?.value }

    guard let contextNode = value("context") else {
      reader.diagnostics.error(
        "\(what) has no context", at: name.location, hint: "add context: PATH (the folder sent to the builder)")
      return nil
    }
    guard let contextText = reader.locatedString(contextNode, what: "\(what).context") else { return nil }
    let context = Located(Paths.absolute(contextText.value, relativeTo: folder), at: contextText.location)
    var dockerfile = Located(context.value + "/Dockerfile", at: name.location)
    if let node = value("dockerfile"), let text = reader.locatedString(node, what: "\(what).dockerfile") {
      dockerfile = Located(Paths.absolute(text.value, relativeTo: context.value), at: text.location)
    }
    var service = ServiceDefinition(
      name: name.value, location: name.location, context: context, dockerfile: dockerfile, origin: .manifest)
    service.platforms = defaults.platforms
    service.args = defaults.args
    service.labels = defaults.labels
    service.network = defaults.network
    service.cacheFrom = defaults.cacheFrom
    service.cacheTo = defaults.cacheTo
    service.cache = defaults.cache
    service.run = defaults.run
    service.budgets = defaults.budgets

    for (key, node) in entries {
      let field = "\(what).\(key.value)"
      switch key.value {
      case "image": service.image = reader.locatedString(node, what: field)
      case "tags": service.tags = reader.stringList(node, what: field) ?? []
      case "needs": service.needs = reader.stringList(node, what: field, allowSingle: true) ?? []
      case "args":
        for (arg, text) in reader.stringMap(node, what: field) ?? [:] { service.args[arg] = text.value }
      case "labels":
        for (label, text) in reader.stringMap(node, what: field) ?? [:] { service.labels[label] = text.value }
      case "target": service.target = reader.string(node, what: field)
      case "platforms":
        service.platforms = reader.diagnostics.platforms(
          reader.stringList(node, what: field, allowSingle: true) ?? [], what: "service '\(name.value)'")
      case "cache_from": service.cacheFrom = reader.stringList(node, what: field)?.map(\.value) ?? []
      case "cache_to": service.cacheTo = reader.stringList(node, what: field)?.map(\.value) ?? []
      case CacheReader.key: service.cache = CacheReader.read(node, what: what, reader: &reader)
      case "additional_contexts":
        service.additionalContexts = reader.stringMap(node, what: field) ?? [:]
      case "network": service.network = reader.string(node, what: field)
      case "ssh": service.ssh = reader.stringList(node, what: field)?.map(\.value) ?? []
      case let name where RunSettingsReader.keys.contains(name):
        RunSettingsReader.read(key: name, value: node, what: what, into: &service.run, reader: &reader)
      case "secrets": service.secrets = readSecrets(node, what: field, folder: folder, reader: &reader)
      case let name where PlatformSettingsReader.keys.contains(name):
        PlatformSettingsReader.read(key: name, value: node, what: what, into: &service.multiArch, reader: &reader)
      case let name where BudgetsReader.keys.contains(name):
        BudgetsReader.read(key: name, value: node, what: what, into: &service.budgets, reader: &reader)
      default: break
      }
    }
    service.multiArch = service.multiArch.over(defaults.multiArch)
    // Every image needs a name other services can refer to: the service's own, unless one is given.
    if service.image == nil { service.image = Located(name.value, at: name.location) }
    return service
  }

  /// `secrets: {ID: {env: NAME} | {file: PATH}}`.
  static func readSecrets(_ node: Node, what: String, folder: String, reader: inout YAMLReader) -> [BuildSecret] {
    var secrets: [BuildSecret] = []
    for (id, value) in reader.mapping(node, what: what) ?? [] {
      guard let entries = reader.mapping(value, what: "secret '\(id.value)'") else { continue }
      reader.rejectUnknownKeys(entries, allowed: ["env", "file"], in: "secret '\(id.value)'")
      let env = entries.first { $0.key.value == "env" }.flatMap {
        reader.string($0.value, what: "secret '\(id.value)'.env")
      }
      let file = entries.first { $0.key.value == "file" }.flatMap {
        reader.string($0.value, what: "secret '\(id.value)'.file")
      }
      switch (env, file) {
      case (let env?, nil): secrets.append(BuildSecret(id: id.value, source: .environment(env)))
      case (nil, let file?):
        secrets.append(BuildSecret(id: id.value, source: .file(Paths.absolute(file, relativeTo: folder))))
      default:
        reader.diagnostics.error(
          "secret '\(id.value)' needs exactly one of env or file", at: id.location,
          hint: "write {env: VARIABLE} or {file: path/to/file}")
      }
    }
    return secrets.sorted { $0.id < $1.id }
  }
}
