import GantryCore

/// How to read a compose project besides its files: the options `docker compose` takes for the same purpose.
public struct ComposeOptions: Hashable, Sendable {
  /// Active profiles (`--profile`); nil takes them from `COMPOSE_PROFILES` (comma-separated).
  public var profiles: [String]?
  /// Env files (`--env-file`, absolute, later ones win) read instead of the project folder's `.env`.
  public var envFiles: [String]

  public init(profiles: [String]? = nil, envFiles: [String] = []) {
    self.profiles = profiles
    self.envFiles = envFiles
  }
}

/// Reads Docker Compose files (compose specification) into a `Project`: services with a `build:` section
/// become build jobs, everything else is ignored.
public enum ComposeLoader {
  /// Loads, merges and validates compose files; every problem found is thrown together.
  /// - Parameters:
  ///   - paths: absolute paths of the files, in merge order (later files override earlier ones). The project folder,
  ///     against which all relative paths resolve and where `.env` is read, is the first file's folder.
  ///   - environment: variables for interpolation; they win over the `.env` file.
  public static func load(
    paths: [String], environment: [String: String], options: ComposeOptions = ComposeOptions()
  ) throws(DiagnosticsError) -> Project {
    guard let first = paths.first else {
      throw DiagnosticsError([.error("no compose file given", at: nil, hint: "name a compose file with -f PATH")])
    }
    let folder = Paths.folder(of: first)
    var diagnostics = DiagnosticCollector()
    let envFile = ComposeEnvironment.variables(
      folder: folder, envFiles: options.envFiles, environment: environment, diagnostics: &diagnostics)
    let variables = envFile.variables

    var reader = ComposeFileReader(environment: variables)
    // `extends` reads other files with the same reader and variables.
    var extends = ComposeExtends()
    var merged: ComposeLayer?
    var complete = true
    for (index, path) in paths.enumerated() {
      let display = Paths.display(path)
      switch SourceFile.read(path, display: display) {
      case .failure(let diagnostic):
        diagnostics.append(diagnostic)
        complete = false
      case .success(let text):
        // An override file holding only comments adds nothing; only the first file must say something.
        if index > 0, ComposeFileReader.isEmptyDocument(text) { continue }
        guard var layer = reader.read(text, file: display, folder: Paths.folder(of: path), into: &diagnostics) else {
          complete = false
          continue
        }
        // As compose does, each file's `extends` is applied before the files are merged.
        layer = extends.apply(to: layer, file: path, reader: &reader, diagnostics: &diagnostics)
        merged = merged.map { $0.merged(with: layer) } ?? layer
      }
    }
    // A file that could not be read at all would make every later check misleading.
    guard complete, let merged else { throw DiagnosticsError(diagnostics.diagnostics) }

    checkDependencies(merged, into: &diagnostics)

    let firstFile = Paths.display(first)
    let project = ComposeProjectName.resolve(
      declared: merged.name?.value, folder: folder, firstFile: firstFile, environment: variables,
      diagnostics: &diagnostics)
    let profiles = ComposeProfiles(active: options.profiles ?? ComposeProfiles.fromEnvironment(variables))
    let enabled = profiles.enabled(merged)
    let resolver = ComposeResolver(folder: folder, environment: variables, fileVariables: envFile.fileOnly)
    let services = SharedImages.merge(
      resolver.services(merged, enabled: enabled, project: project, diagnostics: &diagnostics),
      diagnostics: &diagnostics)
    if merged.services.isEmpty {
      diagnostics.error(
        "the compose files define no services", at: SourceLocation(file: firstFile, line: 1),
        hint: "add a services: mapping with at least one service that has a build: section")
    } else if services.isEmpty, !diagnostics.hasErrors {
      diagnostics.append(nothingToBuild(merged, enabled: enabled, firstFile: firstFile))
    }
    var validation = DiagnosticCollector()
    ServiceValidation.validate(services, repository: Paths.repositoryRoot(containing: folder), into: &validation)
    for diagnostic in validation.diagnostics {
      // A value that failed interpolation is already reported where it is written.
      if let location = diagnostic.location, reader.interpolator.failedLocations.contains(location) { continue }
      diagnostics.append(diagnostic)
    }
    try diagnostics.throwIfErrors()
    return Project(root: folder, files: paths, services: services, warnings: diagnostics.warnings)
  }

  /// The warning for a project with services but none to build: which services there are and why each is left out.
  static func nothingToBuild(_ layer: ComposeLayer, enabled: Set<String>, firstFile: String) -> Diagnostic {
    let withoutBuild = layer.services.filter { enabled.contains($0.name.value) }.map(\.name.value)
    let disabled = layer.services.filter { !enabled.contains($0.name.value) }.map(\.name.value)
    var reasons: [String] = []
    if !withoutBuild.isEmpty { reasons.append("without build: \(withoutBuild.joined(separator: ", "))") }
    if !disabled.isEmpty { reasons.append("in inactive profiles: \(disabled.joined(separator: ", "))") }
    return .warning(
      "the compose files have no service to build (\(reasons.joined(separator: "; ")))",
      at: SourceLocation(file: firstFile, line: 1),
      hint: disabled.isEmpty
        ? "gantry builds services that have a build: section; these run images built elsewhere"
        : "activate a profile with --profile NAME or COMPOSE_PROFILES")
  }

  /// `depends_on` must name services of the project (compose rejects the project otherwise).
  static func checkDependencies(_ layer: ComposeLayer, into diagnostics: inout DiagnosticCollector) {
    let names = layer.services.map(\.name.value)
    for (name, overlay) in layer.services {
      for dependency in overlay.value?.dependsOn?.value?.items ?? [] where !names.contains(dependency.value) {
        diagnostics.error(
          "service '\(name.value)' depends on '\(dependency.value)', which is not a service", at: dependency.location,
          hint: Suggestion.hint(for: dependency.value, in: names.filter { $0 != name.value }, noun: "services"))
      }
    }
  }
}
