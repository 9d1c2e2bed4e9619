import Foundation

/// Path helpers: lexical joins, symlink resolution and repository containment.
public enum Paths {
  /// `path` made absolute against `base` and cleaned of `.` and `..` (lexically, links untouched).
  public static func absolute(_ path: String, relativeTo base: String) -> String {
    let joined = path.hasPrefix("/") ? path : base + "/" + path
    var parts: [Substring] = []
    for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(part)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// The path with every symbolic link resolved (the path itself when it does not exist).
  public static func resolvingLinks(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// True when `path` is `root` or inside it (both absolute and clean).
  public static func isInside(_ path: String, root: String) -> Bool {
    path == root || root == "/" || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
  }

  /// `path` relative to `base` when inside it (`.` for the base itself), else the path unchanged.
  public static func relative(_ path: String, to base: String) -> String {
    if path == base { return "." }
    let prefix = base.hasSuffix("/") ? base : base + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  public static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  public static func isFile(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
  }

  /// The repository a manifest belongs to: the nearest enclosing folder with `.git`, else the manifest's folder.
  public static func repositoryRoot(containing folder: String) -> String {
    var candidate = folder
    while true {
      if FileManager.default.fileExists(atPath: candidate + "/.git") { return candidate }
      guard candidate != "/", let slash = candidate.lastIndex(of: "/") else { return folder }
      candidate = slash == candidate.startIndex ? "/" : String(candidate[..<slash])
    }
  }

  /// The path as the user should see it in messages: relative to the current folder when inside it.
  public static func display(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    return relative(path, to: cwd) == "." ? path : relative(path, to: cwd)
  }

  /// The folder part of a path.
  public static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
