import Foundation
import GantryReport
import GantryCore

/// The commit a repository has checked out, read from `.git` directly (no `git` process):
/// `HEAD`, then the ref it names as a loose file or in `packed-refs`. Worktrees and submodules
/// (`.git` as a file saying `gitdir: …`, with a `commondir`) are followed.
public enum GitCommit {
  /// The full commit id for the repository containing `folder`, or nil when there is none.
  public static func current(in folder: String) -> String? {
    guard let gitDirectory = gitDirectory(containing: folder) else { return nil }
    guard let head = read(gitDirectory + "/HEAD") else { return nil }
    guard let ref = after("ref:", in: head)?.trimmingWhitespace() else {
      return isCommitID(head) ? head : nil
    }
    let common = read(gitDirectory + "/commondir").map { absolute($0, relativeTo: gitDirectory) } ?? gitDirectory
    for base in [gitDirectory, common] {
      if let id = read(base + "/" + ref), isCommitID(id) { return id }
    }
    for base in [gitDirectory, common] {
      guard let packed = read(base + "/packed-refs") else { continue }
      for line in packed.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("^") {
        let fields = line.split(separator: " ", maxSplits: 1)
        if fields.count == 2, fields[1] == ref, isCommitID(String(fields[0])) { return String(fields[0]) }
      }
    }
    return nil
  }

  /// The `.git` folder of the nearest enclosing repository.
  static func gitDirectory(containing folder: String) -> String? {
    var current = URL(fileURLWithPath: folder).standardizedFileURL
    while true {
      let candidate = current.appendingPathComponent(".git").path
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) {
        if isDirectory.boolValue { return candidate }
        if let pointer = read(candidate).flatMap({ after("gitdir:", in: $0) })?.trimmingWhitespace() {
          return absolute(pointer, relativeTo: current.path)
        }
        return nil
      }
      let parent = current.deletingLastPathComponent()
      if parent.path == current.path { return nil }
      current = parent
    }
  }

  static func read(_ path: String) -> String? {
    (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingWhitespace()
  }

  /// The text after `prefix`, or nil when it does not start with it.
  static func after(_ prefix: String, in text: String) -> String? {
    text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
  }

  static func absolute(_ path: String, relativeTo folder: String) -> String {
    path.hasPrefix("/") ? path : URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
  }

  /// 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.
  static func isCommitID(_ text: String) -> Bool {
    (text.count == 40 || text.count == 64) && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
  }
}
