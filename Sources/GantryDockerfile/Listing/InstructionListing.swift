import GantryCore

extension DockerfileParser {
  /// Every instruction of a Dockerfile in file order, read with the same lexer as `parse`
  /// (directives, continuations, comments inside continuations, heredocs, `# escape=`).
  /// - Parameter file: the path to show in locations.
  public static func instructions(_ text: String, file: String) -> [Instruction] {
    let bytes = Array(text.utf8)
    var reader = LineReader(bytes, file: file)
    var lines: [LogicalLine] = []
    while let line = reader.next() { lines.append(line) }
    let physical = PhysicalLines(bytes)

    var result: [Instruction] = []
    var stage: Int?
    for (position, line) in lines.enumerated() {
      let keyword = line.keyword?.spelling ?? line.keywordText.uppercased()
      if line.keyword == .from { stage = (stage ?? -1) + 1 }
      let flags = BuilderFlags(line.text, from: line.keywordEnd)
      let lastLine = line.continuations.last?.line ?? line.line
      let nextStart = position + 1 < lines.count ? lines[position + 1].line : physical.count + 1
      var heredoc = ""
      var endLine = lastLine
      if line.keyword?.acceptsHeredocs == true, !Heredocs.find(in: line.text).isEmpty,
        !ExecForm.isJSONStringArray(line.text, from: flags.remainder)
      {
        heredoc = physical.text(from: lastLine + 1, through: nextStart - 1)
        endLine = max(lastLine, physical.lastNonBlank(from: lastLine + 1, through: nextStart - 1) ?? lastLine)
      }
      let execForm = ExecForm.isJSONStringArray(line.text, from: flags.remainder)
      let words = (ParseState.arguments(line.text, from: flags.remainder) ?? []).map { word, offset in
        Instruction.Word(text: word.decoded, location: line.location(at: offset, file: file))
      }
      result.append(
        Instruction(
          keyword: keyword, isKnown: line.keyword != nil, stageIndex: stage,
          flags: flags.flags.map { Instruction.Flag(name: $0.name.decoded, value: $0.value?.decoded) },
          arguments: line.text[flags.remainder...].decoded.trimmingWhitespace(), words: words,
          isExecForm: execForm, heredocText: heredoc, location: line.location(at: 0, file: file),
          endLine: endLine))
    }
    return result
  }
}

/// The physical lines of a file, for the text a heredoc spans.
private struct PhysicalLines {
  let lines: [String]

  init(_ bytes: [UInt8]) {
    lines = bytes.split(separator: Byte.newline, omittingEmptySubsequences: false).map { line in
      var line = line
      while line.last == Byte.carriageReturn { line = line.dropLast() }
      return line.decoded
    }
  }

  var count: Int { lines.count }

  /// Lines `first...last` (1-based) joined with newlines; empty when the range is empty.
  func text(from first: Int, through last: Int) -> String {
    guard first <= last, first >= 1 else { return "" }
    return lines[(first - 1)..<min(last, lines.count)].joined(separator: "\n")
  }

  /// The last line in `first...last` with something on it.
  func lastNonBlank(from first: Int, through last: Int) -> Int? {
    guard first <= last, first >= 1 else { return nil }
    return (first...min(last, lines.count)).last { !lines[$0 - 1].trimmingWhitespace().isEmpty }
  }
}
