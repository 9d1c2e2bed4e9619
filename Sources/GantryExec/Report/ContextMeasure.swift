import Foundation
import GantryReport

/// Counts the files a build context sends: every file under the context folder that its
/// `.dockerignore` does not exclude.
///
/// The patterns follow Docker's rules closely enough for a figure in a report: `#` comments,
/// `!` re-includes, a leading `/` is dropped, `*` and `?` stay within one path segment, `**` spans
/// segments, and a pattern that matches a folder excludes everything in it. The Dockerfile's own
/// `<Dockerfile>.dockerignore` is not read.
public enum ContextMeasure {
  /// The number of files sent, or nil when `folder` is not a readable folder.
  public static func fileCount(_ folder: String) -> Int? {
    guard Self.isDirectory(folder), let walker = FileManager.default.enumerator(atPath: folder) else { return nil }
    let ignore = DockerIgnore(text: (try? String(contentsOfFile: folder + "/.dockerignore", encoding: .utf8)) ?? "")
    var count = 0
    while let path = walker.nextObject() as? String {
      let isFolder = (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory
      let excluded = ignore.excludes(path)
      if isFolder {
        // Without `!` patterns nothing inside an excluded folder can come back.
        if excluded && !ignore.hasExceptions { walker.skipDescendants() }
        continue
      }
      if !excluded { count += 1 }
    }
    return count
  }

  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }
}

/// The patterns of a `.dockerignore` file.
public struct DockerIgnore: Sendable {
  struct Rule: @unchecked Sendable {
    /// Anchored; matches a path relative to the context, `/`-separated.
    var expression: NSRegularExpression
    var exception: Bool
  }

  let rules: [Rule]

  public init(text: String) {
    rules = text.split(whereSeparator: \.isNewline).compactMap { raw in
      var pattern = String(raw).trimmingCharacters(in: .whitespaces)
      guard !pattern.isEmpty, !pattern.hasPrefix("#") else { return nil }
      let exception = pattern.hasPrefix("!")
      if exception { pattern = String(pattern.dropFirst()).trimmingCharacters(in: .whitespaces) }
      pattern = Self.clean(pattern)
      guard !pattern.isEmpty, let expression = try? NSRegularExpression(pattern: Self.regex(pattern)) else {
        return nil
      }
      return Rule(expression: expression, exception: exception)
    }
  }

  public var hasExceptions: Bool { rules.contains { $0.exception } }

  /// Whether `path` (relative to the context) is left out: the last rule matching it, or a folder
  /// above it, decides.
  public func excludes(_ path: String) -> Bool {
    let parts = path.split(separator: "/")
    let candidates = parts.indices.map { parts[...$0].joined(separator: "/") }
    var excluded = false
    for rule in rules where candidates.contains(where: { Self.matches(rule.expression, $0) }) {
      excluded = !rule.exception
    }
    return excluded
  }

  static func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
    expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  /// `./a//b/` → `a/b`; a leading `/` is dropped (patterns are relative to the context).
  static func clean(_ pattern: String) -> String {
    var parts: [Substring] = []
    for part in pattern.split(separator: "/", omittingEmptySubsequences: true) {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(part)
      }
    }
    return parts.joined(separator: "/")
  }

  /// A glob as an anchored regular expression.
  static func regex(_ glob: String) -> String {
    var result = "^"
    var characters = Array(glob)[...]
    while let character = characters.popFirst() {
      switch character {
      case "*" where characters.first == "*":
        characters.removeFirst()
        if characters.first == "/" {
          characters.removeFirst()
          result += "(?:.*/)?"
        } else {
          result += ".*"
        }
      case "*": result += "[^/]*"
      case "?": result += "[^/]"
      case "\\": result += NSRegularExpression.escapedPattern(for: characters.popFirst().map(String.init) ?? "\\")
      case "[":
        guard let close = characters.firstIndex(of: "]") else {
          result += "\\["
          continue
        }
        var body = String(characters[..<close])
        if body.hasPrefix("!") { body = "^" + body.dropFirst() }
        result += "[" + body.replacingOccurrences(of: "\\", with: "\\\\") + "]"
        characters = characters[characters.index(after: close)...]
      default: result += NSRegularExpression.escapedPattern(for: String(character))
      }
    }
    return result + "$"
  }
}
