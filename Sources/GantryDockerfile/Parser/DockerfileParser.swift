import GantryCore

/// Reads Dockerfiles into stages and image references, without touching the file system.
public enum DockerfileParser {
  /// Parses a Dockerfile.
  /// - Parameters:
  ///   - text: the Dockerfile.
  ///   - file: the path to show in locations.
  ///   - buildArgs: `--build-arg` values that override `ARG` defaults.
  ///   - target: the stage the build stops at (`--target`); nil for the last stage.
  ///   - platforms: the build's target and builder platforms, for `TARGETOS`, `BUILDARCH` and the rest.
  public static func parse(
    _ text: String, file: String, buildArgs: [String: String] = [:], target: String? = nil,
    platforms: BuildPlatforms = BuildPlatforms()
  ) -> Dockerfile {
    parse(bytes: Array(text.utf8), file: file, buildArgs: buildArgs, target: target, platforms: platforms)
  }

  /// Parses a Dockerfile's bytes. Like BuildKit, it needs no particular encoding: bytes outside
  /// ASCII are kept as they are (a Latin-1 comment or `RUN` line reads fine).
  public static func parse(
    bytes: [UInt8], file: String, buildArgs: [String: String] = [:], target: String? = nil,
    platforms: BuildPlatforms = BuildPlatforms()
  ) -> Dockerfile {
    var reader = LineReader(bytes, file: file)
    var state: ParseState?
    while let line = reader.next() {
      if state == nil {
        state = ParseState(
          file: file, escape: reader.escape, buildArgs: buildArgs, target: target, platforms: platforms)
      }
      state?.handle(line)
    }
    var parsed =
      (state
      ?? ParseState(file: file, escape: reader.escape, buildArgs: buildArgs, target: target, platforms: platforms))
      .finish()
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
