import GantryCore

/// The variables a compose project is interpolated with: gantry's environment over the env files
/// (`--env-file`, in order, later ones winning; without one, the project folder's `.env`).
enum ComposeEnvironment {
  struct Variables {
    /// The environment over the env files.
    var variables: [String: String]
    /// The variables set by an env file and not by the environment: values a build secret may need passed
    /// to the builder explicitly.
    var fileOnly: [String: String]
  }

  static func variables(
    folder: String, envFiles: [String], environment: [String: String], diagnostics: inout DiagnosticCollector
  ) -> Variables {
    var fromFiles: [String: String] = [:]
    let defaultFile = folder + "/.env"
    let files = envFiles.isEmpty ? (Paths.isFile(defaultFile) ? [defaultFile] : []) : envFiles
    for path in files {
      let display = Paths.display(path)
      switch SourceFile.read(path, display: display) {
      case .failure(let diagnostic):
        diagnostics.append(diagnostic)
      case .success(let text):
        // A later file may refer to what earlier ones set, and overrides what it sets itself (the parser
        // lets its `environment` win, so the earlier values of this file's own keys are left out).
        let own = Set(DotEnv.parse(text, file: display, environment: environment).variables.keys)
        let earlier = fromFiles.filter { !own.contains($0.key) }
        let file = DotEnv.parse(text, file: display, environment: earlier.merging(environment) { _, new in new })
        diagnostics.append(contentsOf: file.diagnostics)
        fromFiles.merge(file.variables) { _, new in new }
      }
    }
    let fileOnly = fromFiles.filter { environment[$0.key] == nil }
    return Variables(variables: fromFiles.merging(environment) { _, process in process }, fileOnly: fileOnly)
  }
}
