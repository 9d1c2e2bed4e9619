/// How many files a build context sends: the regular files the client transfers once the ignore
/// file that applies has excluded what it excludes (the same walk as the input digest, without
/// reading any file).
public enum ContextCount {
  /// - Parameter dockerfile: the Dockerfile's path, whose `<name>.dockerignore` applies first;
  ///   nil for a Dockerfile from stdin.
  /// - Returns: nil when the folder cannot be walked or the ignore file is invalid.
  public static func files(context: String, dockerfile: String?, dialect: IgnoreDialect) -> Int? {
    guard let rules = try? IgnoreFileLocator.rules(context: context, dockerfile: dockerfile, dialect: dialect),
      let entries = try? ContextWalker(root: context, rules: rules).walk()
    else { return nil }
    return entries.filter { $0.status.kind == .file }.count
  }
}
