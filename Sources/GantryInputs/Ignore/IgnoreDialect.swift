/// Which client's rules decide what an ignore file excludes. The client that sends the context
/// applies the patterns, and two generations of it disagree on tricky files.
public enum IgnoreDialect: String, Sendable, Hashable, Codable, CaseIterable {
  /// Docker 20.10's own client (`docker build` with `DOCKER_BUILDKIT=1`, the `docker` backend):
  /// patterns become Go regular expressions with only `.` and `$` escaped, a path is compared with
  /// itself and one parent prefix (`PatternMatcher.Matches`), and an excluded folder is walked only
  /// when an exception pattern starts with it (the folder itself is then sent too).
  case docker2010 = "docker-20.10"
  /// buildx and Docker 23 or later (moby/patternmatcher and fsutil's filter): `.+()|{}$` are
  /// escaped, parent results are carried down the walk (`MatchesUsingParentResults`), and an
  /// excluded folder is sent only when something inside it is.
  case moby = "buildx"

}
