import GantryCore

/// One instruction with its continuation lines joined, as Docker sees it before splitting it into words.
struct LogicalLine {
  /// Where a run of `text` came from in the file.
  struct Piece {
    /// The offset in `text` where the run starts.
    var offset: Int
    /// The 1-based physical line.
    var line: Int
    /// The 1-based column of the run's first character on that line.
    var column: Int
  }

  /// The joined bytes: leading whitespace, continuation escapes and skipped comment lines removed.
  var text: [UInt8]
  /// Where the instruction starts.
  var start: Piece
  /// Where each continuation line's text starts, in order.
  var continuations: [Piece] = []
  /// The instruction keyword, or nil for an unknown one.
  var keyword: Keyword?
  /// The offset just past the keyword.
  var keywordEnd: Int

  /// The physical line the instruction starts on.
  var line: Int { start.line }

  /// The location of the byte at `offset` in `text` (the instruction start for offset 0).
  func location(at offset: Int, file: String) -> SourceLocation {
    var piece = start
    for candidate in continuations where candidate.offset <= offset {
      piece = candidate
    }
    var column = piece.column
    var index = piece.offset
    let end = min(offset, text.count)
    while index < end {
      if !Byte.isContinuation(text[index]) { column += 1 }
      index += 1
    }
    return SourceLocation(file: file, line: piece.line, column: column)
  }

  /// The keyword as written, for messages.
  var keywordText: String { text[0..<keywordEnd].decoded }
}
