import GantryCore

/// Reads Docker Compose files (compose specification) into a `Project`: services with a `build:` section
/// become build jobs, everything else is ignored.
public enum ComposeLoader {
  /// Loads, merges and validates compose files; every problem found is thrown together.
  /// - Parameters:
  ///   - paths: absolute paths of the files, in merge order (later files override earlier ones). The project folder,
  ///     against which all relative paths resolve and where `.env` is read, is the first file's folder.
  ///   - environment: variables for interpolation; they win over the `.env` file.
  public static func load(paths: [String], environment: [String: String]) throws(DiagnosticsError) -> Project {
    guard let first = paths.first else {
      throw DiagnosticsError([.error("no compose file given", at: nil, hint: "name a compose file with -f PATH")])
    }
    let folder = Paths.folder(of: first)
    var diagnostics = DiagnosticCollector()
    let variables = variables(folder: folder, environment: environment, diagnostics: &diagnostics)

    var reader = ComposeFileReader(environment: variables)
    var merged: ComposeLayer?
    var complete = true
    for path in paths {
      let display = Paths.display(path)
      switch SourceFile.read(path, display: display) {
      case .failure(let diagnostic):
        diagnostics.append(diagnostic)
        complete = false
      case .success(let text):
        guard let layer = reader.read(text, file: display, into: &diagnostics) else {
          complete = false
          continue
        }
        merged = merged.map { $0.merged(with: layer) } ?? layer
      }
    }
    // A file that could not be read at all would make every later check misleading.
    guard complete, let merged else { throw DiagnosticsError(diagnostics.diagnostics) }

    let firstFile = Paths.display(first)
    let project = ComposeProjectName.resolve(
      declared: merged.name?.value, folder: folder, firstFile: firstFile, environment: variables,
      diagnostics: &diagnostics)
    let resolver = ComposeResolver(folder: folder, environment: variables)
    let services = SharedImages.merge(
      resolver.services(merged, project: project, diagnostics: &diagnostics), diagnostics: &diagnostics)
    if merged.services.isEmpty {
      diagnostics.error(
        "the compose files define no services", at: SourceLocation(file: firstFile, line: 1),
        hint: "add a services: mapping with at least one service that has a build: section")
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

  /// The interpolation variables: `environment` over the `.env` file of the project folder, when there is one.
  static func variables(
    folder: String, environment: [String: String], diagnostics: inout DiagnosticCollector
  ) -> [String: String] {
    let path = folder + "/.env"
    guard Paths.isFile(path) else { return environment }
    let display = Paths.display(path)
    switch SourceFile.read(path, display: display) {
    case .failure(let diagnostic):
      diagnostics.append(diagnostic)
      return environment
    case .success(let text):
      let file = DotEnv.parse(text, file: display, environment: environment)
      diagnostics.append(contentsOf: file.diagnostics)
      return file.variables.merging(environment) { _, process in process }
    }
  }
}
