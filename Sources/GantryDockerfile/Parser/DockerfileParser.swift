import GantryCore

/// Reads Dockerfiles into stages and image references, without touching the file system.
public enum DockerfileParser {
  /// Parses a Dockerfile.
  /// - Parameters:
  ///   - text: the Dockerfile.
  ///   - file: the path to show in locations.
  ///   - buildArgs: `--build-arg` values that override `ARG` defaults.
  public static func parse(_ text: String, file: String, buildArgs: [String: String] = [:]) -> Dockerfile {
    var reader = LineReader(Array(text.utf8), file: file)
    var state: ParseState?
    while let line = reader.next() {
      if state == nil { state = ParseState(file: file, escape: reader.escape, buildArgs: buildArgs) }
      state?.handle(line)
    }
    var parsed = (state ?? ParseState(file: file, escape: reader.escape, buildArgs: buildArgs)).finish()
    parsed.escape = reader.escape == Byte.backtick ? "`" : "\\"
    parsed.directives = reader.directives
    parsed.diagnostics = ordered(reader.diagnostics + parsed.diagnostics)
    return parsed
  }

  /// Diagnostics sorted by line and column, keeping the order they were found in for the same place.
  private static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    guard diagnostics.count > 1 else { return diagnostics }
    return diagnostics.enumerated()
      .sorted { lhs, rhs in
        let left = (lhs.element.location?.line ?? 0, lhs.element.location?.column ?? 0, lhs.offset)
        let right = (rhs.element.location?.line ?? 0, rhs.element.location?.column ?? 0, rhs.offset)
        return left < right
      }
      .map(\.element)
  }
}
