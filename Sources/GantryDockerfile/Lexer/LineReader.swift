import GantryCore

/// Turns a Dockerfile's bytes into instructions as Docker does: directives, comments, continuations, heredocs.
struct LineReader {
  private let bytes: [UInt8]
  private let file: String
  /// The offset where the next physical line starts.
  private var position = 0
  /// The number of the last physical line read.
  private var lineNumber = 0
  private var directivesDone = false
  /// The escape character (`\` or `` ` ``) set by the `# escape=` directive.
  private(set) var escape = Byte.backslash
  private(set) var directives: [String: String] = [:]
  private(set) var diagnostics: [Diagnostic] = []

  init(_ bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
    // A UTF-8 byte order mark is not part of the first line.
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
  }

  /// The next instruction, or nil at the end of the file.
  mutating func next() -> LogicalLine? {
    while let (lineStart, lineEnd) = nextPhysicalLine() {
      let start = bytes.skippingSpaces(from: lineStart, to: lineEnd)
      if !directivesDone { readDirective(bytes[start..<lineEnd], lineStart: lineStart) }
      if start < lineEnd, bytes[start] == Byte.hash { continue }
      var (contentEnd, continues) = continuationEnd(start, lineEnd)
      if !continues, contentEnd == start { continue }

      var text = Array(bytes[start..<contentEnd])
      let first = LogicalLine.Piece(offset: 0, line: lineNumber, column: start - lineStart + 1)
      var continuations: [LogicalLine.Piece] = []
      var endsInContinuation = false
      while continues {
        guard let (nextStart, nextEnd) = nextPhysicalLine() else {
          endsInContinuation = true
          break
        }
        let firstVisible = bytes.skippingSpaces(from: nextStart, to: nextEnd)
        // Comment and blank lines inside a continuation are skipped and do not end it.
        if firstVisible == nextEnd || bytes[firstVisible] == Byte.hash { continue }
        (contentEnd, continues) = continuationEnd(nextStart, nextEnd)
        continuations.append(LogicalLine.Piece(offset: text.count, line: lineNumber, column: 1))
        text.append(contentsOf: bytes[nextStart..<contentEnd])
      }
      guard text.contains(where: { !Byte.isSpace($0) }) else {
        // BuildKit reads an empty instruction here and refuses it.
        if endsInContinuation {
          let written = escape == Byte.backtick ? "`" : "\\"
          diagnostics.append(
            .error(
              "the file ends with a line continuation ('\(written)') and no instruction",
              at: SourceLocation(file: file, line: first.line, column: first.column),
              hint: "remove the trailing '\(written)'"))
        }
        continue
      }

      let keywordEnd = text.wordEnd(from: 0)
      let line = LogicalLine(
        text: text, start: first, continuations: continuations, keyword: Keyword(text[0..<keywordEnd]),
        keywordEnd: keywordEnd, trailingBytes: text.indices.filter { Byte.isContinuation(text[$0]) })
      skipHeredocBodies(of: line)
      return line
    }
    return nil
  }

  /// The bounds of the next physical line without its line break (trailing carriage returns removed).
  private mutating func nextPhysicalLine() -> (start: Int, end: Int)? {
    guard position < bytes.count else { return nil }
    let start = position
    var end = start
    while end < bytes.count, bytes[end] != Byte.newline { end += 1 }
    position = end + 1
    lineNumber += 1
    while end > start, bytes[end - 1] == Byte.carriageReturn { end -= 1 }
    return (start, end)
  }

  /// Where a line's content ends, and whether it ends with the escape character (then dropped) and blanks.
  ///
  /// As in BuildKit (since 2020), the escape continues the line when it stands alone or the byte
  /// before it is something else: `echo done\\` ends with an escaped escape and ends the
  /// instruction, and so does `echo \\\` (BuildKit does not count them).
  private func continuationEnd(_ start: Int, _ end: Int) -> (end: Int, continues: Bool) {
    var index = end
    while index > start, Byte.isBlank(bytes[index - 1]) { index -= 1 }
    if index > start, bytes[index - 1] == escape, index - 1 == start || bytes[index - 2] != escape {
      return (index - 1, true)
    }
    return (end, false)
  }

  /// Records a parser directive; the first line that is not one ends the directive section.
  private mutating func readDirective(_ line: ArraySlice<UInt8>, lineStart: Int) {
    guard let match = Directives.match(line), Directives.known.contains(match.name) else {
      directivesDone = true
      return
    }
    let location = SourceLocation(
      file: file, line: lineNumber, column: line.startIndex - lineStart + match.valueOffset + 1)
    if directives[match.name] != nil {
      diagnostics.append(.error("only one '\(match.name)' parser directive can be used", at: location))
      return
    }
    directives[match.name] = match.value
    guard match.name == "escape" else { return }
    switch match.value {
    case "\\": escape = Byte.backslash
    case "`": escape = Byte.backtick
    default:
      diagnostics.append(
        .error("invalid escape character '\(match.value)'", at: location, hint: "use '\\' or '`'"))
    }
  }

  /// Consumes the bodies of the heredocs `line` starts, reporting one that never ends.
  private mutating func skipHeredocBodies(of line: LogicalLine) {
    guard line.text.containsHeredocMarker(in: 0..<line.text.count), Self.acceptsHeredocs(line) else { return }
    for heredoc in Heredocs.find(in: line.text) {
      var terminated = false
      while let (start, end) = nextPhysicalLine() {
        var bodyStart = start
        if heredoc.stripsTabs {
          while bodyStart < end, bytes[bodyStart] == Byte.tab { bodyStart += 1 }
        }
        if bytes[bodyStart..<end].elementsEqual(heredoc.name) {
          terminated = true
          break
        }
      }
      if !terminated {
        let name = heredoc.name.decoded
        diagnostics.append(
          .error(
            "unterminated heredoc '\(name)'", at: line.location(at: 0, file: file),
            hint: "end it with a line containing only '\(name)'"))
        return
      }
    }
  }

  /// True for `RUN`, `COPY` and `ADD` (also behind `ONBUILD`) in shell form: the instructions Docker reads heredocs for.
  private static func acceptsHeredocs(_ line: LogicalLine) -> Bool {
    var keyword = line.keyword
    var argumentsStart = line.keywordEnd
    if keyword == .onbuild {
      let innerStart = line.text.skippingSpaces(from: argumentsStart)
      argumentsStart = line.text.wordEnd(from: innerStart)
      keyword = Keyword(line.text[innerStart..<argumentsStart])
    }
    guard let keyword, keyword.acceptsHeredocs else { return false }
    let flags = BuilderFlags(line.text, from: argumentsStart)
    return !ExecForm.isJSONStringArray(line.text, from: flags.remainder)
  }
}
