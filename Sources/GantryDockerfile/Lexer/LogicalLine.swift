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
  /// The offsets in `text` of bytes that continue a multi-byte UTF-8 character, in order.
  var trailingBytes: [Int] = []

  /// The physical line the instruction starts on.
  var line: Int { start.line }

  /// The location of the byte at `offset` in `text` (the instruction start for offset 0).
  ///
  /// - Complexity: O(log n), so that an instruction with thousands of flags is read in linear time.
  func location(at offset: Int, file: String) -> SourceLocation {
    let piece = continuations.lastIndex(before: offset + 1) { $0.offset }.map { continuations[$0] } ?? start
    let end = min(offset, text.count)
    guard end > piece.offset else { return SourceLocation(file: file, line: piece.line, column: piece.column) }
    // One column per character: the bytes that continue a UTF-8 sequence take none.
    let skipped =
      (trailingBytes.lastIndex(before: end) { $0 } ?? -1) - (trailingBytes.lastIndex(before: piece.offset) { $0 } ?? -1)
    return SourceLocation(file: file, line: piece.line, column: piece.column + (end - piece.offset) - skipped)
  }

  /// The keyword as written, for messages.
  var keywordText: String { text[0..<keywordEnd].decoded }
}

extension Array {
  /// The index of the last element whose key is below `bound`, for elements sorted by key (binary search).
  func lastIndex(before bound: Int, key: (Element) -> Int) -> Int? {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if key(self[middle]) < bound { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? nil : low - 1
  }
}
