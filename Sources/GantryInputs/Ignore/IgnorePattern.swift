/// One pattern of an ignore file as the client holds it after reading: cleaned, without its `!`.
public struct IgnorePattern: Sendable {
  /// How a pattern is compared with a path.
  enum Matcher: Sendable {
    case exact
    /// The path starts with the pattern minus its trailing `**`.
    case prefix
    /// The path ends with the pattern minus its leading `**` (or is it, minus the `/`).
    case suffix
    case regex(GoRegex)
  }

  /// The cleaned pattern, e.g. `src/*.go` for the line `!./src/*.go/`.
  public let text: [UInt8]
  /// True for a `!` line, which re-includes what earlier lines excluded.
  public let isException: Bool
  /// The line in the ignore file (1-based).
  public let line: Int
  /// The number of `/`-separated parts of `text` (Docker's `pattern.dirs`).
  let depth: Int
  let matcher: Matcher

  init(text: [UInt8], isException: Bool, line: Int, matcher: Matcher) {
    self.text = text
    self.isException = isException
    self.line = line
    self.matcher = matcher
    depth = text.split(separator: GoPath.slash, omittingEmptySubsequences: false).count
  }

  /// The pattern as text (invalid UTF-8 shown as U+FFFD).
  public var string: String { String(decoding: text, as: UTF8.self) }

  /// Whether the pattern matches `path` (relative, `/`-separated) itself.
  func matches(_ path: ArraySlice<UInt8>) -> Bool {
    switch matcher {
    case .exact:
      return path.elementsEqual(text)
    case .prefix:
      return path.starts(with: text.dropLast(2))
    case .suffix:
      let suffix = text.dropFirst(2)
      if path.count >= suffix.count, path.suffix(suffix.count).elementsEqual(suffix) { return true }
      return suffix.first == GoPath.slash && path.elementsEqual(suffix.dropFirst())
    case .regex(let regex):
      return path.withUnsafeBufferPointer { regex.matches($0) }
    }
  }

  /// The pattern without a trailing `/**` or `/*` (fsutil's `patternWithoutTrailingGlob`).
  var withoutTrailingGlob: ArraySlice<UInt8> {
    var result = text[...]
    if result.count >= 3, result.suffix(3).elementsEqual(Array("/**".utf8)) { result = result.dropLast(3) }
    if result.count >= 2, result.suffix(2).elementsEqual(Array("/*".utf8)) { result = result.dropLast(2) }
    return result
  }
}
