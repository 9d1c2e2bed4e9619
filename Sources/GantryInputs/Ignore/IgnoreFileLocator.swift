import GantryCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds the ignore file a build uses.
///
/// `<Dockerfile-name>.dockerignore` beside the Dockerfile replaces the context's `.dockerignore`
/// when it exists, even when it is empty. Docker 20.10's BuildKit frontend does this too (measured:
/// `docker build -f sub/app.Dockerfile` with `sub/app.Dockerfile.dockerignore` applies only that
/// file), as do buildx and Docker 23+.
public enum IgnoreFileLocator {
  /// The ignore file's path, or nil when the build has none.
  /// - Parameter dockerfile: the Dockerfile's path; nil when it has none (read from stdin, or an
  ///   additional context), so only the context's `.dockerignore` can apply.
  public static func path(context: String, dockerfile: String?) -> String? {
    if let dockerfile, isFile(dockerfile + ".dockerignore") { return dockerfile + ".dockerignore" }
    let general = context + "/.dockerignore"
    return isFile(general) ? general : nil
  }

  /// The rules of the ignore file the build uses (none when there is no file).
  /// - Throws: `DiagnosticsError` with every invalid pattern at `file:line:1`, or `ContextError`
  ///   when the file cannot be read.
  public static func rules(context: String, dockerfile: String?, dialect: IgnoreDialect) throws -> IgnoreRules {
    guard let path = path(context: context, dockerfile: dockerfile) else { return .none(dialect: dialect) }
    guard let bytes = StatCache.readFile(path) else {
      throw ContextError.unreadable(path: path, reason: Errno(errno).text)
    }
    return try IgnoreRules(bytes, file: path, dialect: dialect)
  }

  /// True for a regular file or a symbolic link to one (the builder reads through the link).
  static func isFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }
}
