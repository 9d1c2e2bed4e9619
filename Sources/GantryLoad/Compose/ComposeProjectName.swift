import GantryCore

/// The compose project name, which prefixes default image names (`<project>-<service>`).
///
/// As compose: `COMPOSE_PROJECT_NAME` from the environment (or `.env`), else the top-level `name:`,
/// else the project folder's name lowercased with other characters than `a-z0-9_-` removed.
/// An invalid name is reported and replaced by the folder's name, so the rest of the project is still checked.
enum ComposeProjectName {
  static func resolve(
    declared: Located<String>?, folder: String, firstFile: String, environment: [String: String],
    diagnostics: inout DiagnosticCollector
  ) -> String {
    if let variable = environment["COMPOSE_PROJECT_NAME"], !variable.isEmpty {
      guard isValid(variable) else {
        diagnostics.error(
          "COMPOSE_PROJECT_NAME '\(variable)' is not a valid project name", at: nil,
          hint: "use lowercase letters, digits, '-' and '_', starting with a letter or digit")
        return fromFolder(folder, firstFile: firstFile, diagnostics: &diagnostics)
      }
      return variable
    }
    if let declared {
      guard isValid(declared.value) else {
        diagnostics.error(
          "'\(declared.value)' is not a valid project name", at: declared.location,
          hint: "use lowercase letters, digits, '-' and '_', starting with a letter or digit")
        return fromFolder(folder, firstFile: firstFile, diagnostics: &diagnostics)
      }
      return declared.value
    }
    return fromFolder(folder, firstFile: firstFile, diagnostics: &diagnostics)
  }

  /// The folder's name, normalized; "project" (with an error) when nothing of it is usable.
  static func fromFolder(_ folder: String, firstFile: String, diagnostics: inout DiagnosticCollector) -> String {
    let base = folder.split(separator: "/").last.map(String.init) ?? ""
    let normalized = normalize(base)
    guard !normalized.isEmpty else {
      diagnostics.error(
        "cannot make a project name from the folder name '\(base)'", at: SourceLocation(file: firstFile, line: 1),
        hint: "add a top-level name: to the compose file")
      return "project"
    }
    return normalized
  }

  /// Lowercased, reduced to `a-z0-9_-`, without leading `_` or `-`.
  static func normalize(_ name: String) -> String {
    let kept = name.lowercased().unicodeScalars.filter(isNameScalar)
    var view = String.UnicodeScalarView()
    view.append(contentsOf: kept.drop { $0 == "_" || $0 == "-" })
    return String(view)
  }

  /// `[a-z0-9][a-z0-9_-]*`.
  static func isValid(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first != "_", first != "-" else { return false }
    return name.unicodeScalars.allSatisfy(isNameScalar)
  }

  private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
  }
}
