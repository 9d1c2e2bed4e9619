import GantryCore

/// The patterns of one ignore file (`.dockerignore` or `<Dockerfile>.dockerignore`), read exactly
/// as the sending client reads them, with the raw text kept for the input digest.
///
/// Reading follows `ignorefile.ReadAll` then `PatternMatcher` construction: lines end at `\n` (a
/// `\r` before it is dropped), a UTF-8 byte-order mark is removed from the first line, a line whose
/// first byte is `#` is a comment, white space is trimmed, `!` marks an exception, the pattern is
/// cleaned like a path (`./a/` → `a`, `a/../..` → `..`) and one leading `/` is removed.
public struct IgnoreRules: Sendable {
  /// The file as shown in messages.
  public let file: String
  /// The file's bytes, as the digest records them.
  public let text: [UInt8]
  public let dialect: IgnoreDialect
  public let patterns: [IgnorePattern]

  /// No ignore file: nothing is excluded.
  public static func none(dialect: IgnoreDialect) -> IgnoreRules {
    IgnoreRules(file: "", text: [], dialect: dialect, patterns: [])
  }

  private init(file: String, text: [UInt8], dialect: IgnoreDialect, patterns: [IgnorePattern]) {
    self.file = file
    self.text = text
    self.dialect = dialect
    self.patterns = patterns
  }

  /// True when some pattern is an exception (`!`).
  public var hasExceptions: Bool { patterns.contains { $0.isException } }

  /// Reads an ignore file's bytes.
  /// - Throws: every invalid pattern, each at `file:line:1`; the build would fail on any of them.
  public init(_ text: [UInt8], file: String, dialect: IgnoreDialect) throws(DiagnosticsError) {
    var diagnostics = DiagnosticCollector()
    var patterns: [IgnorePattern] = []
    for (number, line, length) in Self.lines(text) {
      let place = SourceLocation(file: file, line: number)
      if length >= Self.longestLine {
        // Docker reads the file with bufio.Scanner, whose lines stop at 64 KiB: the build fails.
        diagnostics.error(
          "line is \(length) bytes long; the builder cannot read a line of \(Self.longestLine) bytes or more",
          at: place, hint: "split the pattern or shorten it")
        continue
      }
      guard let (pattern, isException) = Self.clean(line) else { continue }
      if let bad = pattern.first(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) {
        diagnostics.error(
          "ignore pattern contains the control character 0x\(String(bad, radix: 16, uppercase: true))", at: place,
          hint: "the builder cannot receive such a pattern and fails the build; remove the character")
        continue
      }
      if pattern.isEmpty {
        diagnostics.error(
          "illegal exclusion pattern: \"!\"", at: place, hint: "a '!' needs a pattern after it, e.g. !keep.txt")
        continue
      }
      if GoPath.isBadPattern(pattern) {
        diagnostics.error(
          "syntax error in pattern '\(String(decoding: pattern, as: UTF8.self))'", at: place,
          hint: "close every '[' with ']', do not start a range with '-' or ']', and escape a trailing '\\'")
        continue
      }
      do {
        let matcher = try Self.compile(pattern, dialect: dialect)
        patterns.append(IgnorePattern(text: pattern, isException: isException, line: number, matcher: matcher))
      } catch {
        if error.unsupported {
          diagnostics.error(
            "gantry cannot evaluate the pattern '\(String(decoding: pattern, as: UTF8.self))': \(error.message)",
            at: place, hint: "write the pattern without this construct so gantry can compute the build's inputs")
        } else {
          diagnostics.error(
            "pattern '\(String(decoding: pattern, as: UTF8.self))' is not a valid expression for the builder: \(error.message)",
            at: place,
            hint: dialect == .docker2010
              ? "Docker 20.10 passes + ( ) { } | and escapes such as \\d into a regular expression; escape them with \\"
              : "escape special characters with \\")
        }
      }
    }
    try diagnostics.throwIfErrors()
    self.init(file: file, text: text, dialect: dialect, patterns: patterns)
  }

  /// The length, `\r` included, at which the client's line reader gives up (measured: 65,535
  /// bytes read, 65,536 fail the build).
  static let longestLine = 65_536

  /// Lines as `bufio.ScanLines` yields them, numbered from 1, with the byte-order mark removed,
  /// each with its length as read (before the `\r` and the mark are removed).
  static func lines(_ text: [UInt8]) -> [(number: Int, line: ArraySlice<UInt8>, length: Int)] {
    var result: [(number: Int, line: ArraySlice<UInt8>, length: Int)] = []
    var start = 0
    var number = 0
    while start < text.count {
      let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
      var line = text[start..<end]
      let length = line.count
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      number += 1
      if number == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
      result.append((number, line, length))
      start = end + 1
    }
    return result
  }

  /// One line as the client holds it: (cleaned pattern without `!`, is exception), or nil for a
  /// comment or blank line. An empty pattern with `isException` is the invalid lone `!`.
  static func clean(_ line: ArraySlice<UInt8>) -> ([UInt8], Bool)? {
    if line.first == UInt8(ascii: "#") { return nil }
    var pattern = GoPath.trimSpace(line)
    if pattern.isEmpty { return nil }
    // ignorefile.ReadAll
    let invert = pattern.first == UInt8(ascii: "!")
    if invert { pattern = GoPath.trimSpace(pattern.dropFirst()) }
    var cleaned = Array(pattern)
    if !cleaned.isEmpty {
      cleaned = GoPath.clean(cleaned)
      if cleaned.count > 1, cleaned[0] == GoPath.slash { cleaned.removeFirst() }
    }
    if invert { cleaned.insert(UInt8(ascii: "!"), at: 0) }
    // PatternMatcher construction: trimmed and cleaned once more, then the `!` taken off.
    cleaned = GoPath.clean(Array(GoPath.trimSpace(cleaned[...])))
    if cleaned.first == UInt8(ascii: "!") { return (Array(cleaned.dropFirst()), true) }
    return (cleaned, false)
  }

  /// The pattern's comparison, built the way the dialect's client builds it.
  static func compile(_ pattern: [UInt8], dialect: IgnoreDialect) throws(GoRegexError) -> IgnorePattern.Matcher {
    var scalars = GoUTF8.scalars(pattern)
    if scalars.first == 0xFEFF { scalars.removeFirst() }  // text/scanner skips a leading BOM
    let star: UInt32 = 0x2A
    let question: UInt32 = 0x3F
    let backslash: UInt32 = 0x5C
    let slash: UInt32 = 0x2F
    var regex: [UInt32] = [0x5E]  // ^
    let notSlash: [UInt32] = Array("[^/]".unicodeScalars.map(\.value))
    let anyDepth: [UInt32] = Array("(.*/)?".unicodeScalars.map(\.value))
    let anything: [UInt32] = [0x2E, star]
    enum Kind { case exact, prefix, suffix, regex }
    var kind = Kind.exact
    let escaped: Set<UInt32> =
      dialect == .docker2010 ? [0x2E, 0x24] : Set(".+()|{}$".unicodeScalars.map(\.value))
    var index = 0
    var iteration = 0
    while index < scalars.count {
      defer { iteration += 1 }
      let c = scalars[index]
      index += 1
      if c == star {
        if index < scalars.count, scalars[index] == star {
          index += 1
          if index < scalars.count, scalars[index] == slash { index += 1 }
          if index == scalars.count {
            if dialect == .moby, kind == .exact {
              kind = .prefix
            } else {
              regex += anything
              kind = .regex
            }
          } else {
            regex += anyDepth
            kind = .regex
          }
          if dialect == .moby, iteration == 0 { kind = .suffix }
        } else {
          regex += notSlash + [star]
          kind = .regex
        }
      } else if c == question {
        regex += notSlash
        kind = .regex
      } else if escaped.contains(c) {
        regex += [backslash, c]
      } else if c == backslash {
        if index < scalars.count {
          regex += [backslash, scalars[index]]
          index += 1
          kind = .regex
        } else {
          regex += [backslash]
        }
      } else if dialect == .moby, c == 0x5B || c == 0x5D {
        regex.append(c)
        kind = .regex
      } else {
        regex.append(c)
      }
    }
    if dialect == .docker2010 { kind = .regex }
    switch kind {
    case .exact: return .exact
    case .prefix: return .prefix
    case .suffix: return .suffix
    case .regex:
      regex.append(0x24)  // $
      return .regex(try GoRegex(scalars: regex))
    }
  }
}
