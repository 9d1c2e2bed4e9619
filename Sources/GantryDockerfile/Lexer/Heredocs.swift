/// A heredoc started on an instruction line: `<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`.
struct Heredoc {
  /// The terminator line, with quotes removed.
  var name: [UInt8]
  /// True for `<<-`: leading tabs are ignored when looking for the terminator.
  var stripsTabs: Bool
}

/// Finds heredocs on an instruction line the way Docker does: each shell word matching `^\d*<<(-?)([^<]*)$`.
enum Heredocs {
  /// The heredocs in `text`, in the order their bodies follow the instruction.
  static func find(in text: [UInt8]) -> [Heredoc] {
    var heredocs: [Heredoc] = []
    for word in rawWords(text) {
      if let heredoc = heredoc(in: text[word]) { heredocs.append(heredoc) }
    }
    return heredocs
  }

  /// Shell words with quotes and `\` escapes kept, split on unquoted whitespace.
  private static func rawWords(_ text: [UInt8]) -> [Range<Int>] {
    var words: [Range<Int>] = []
    let end = text.count
    var index = text.skippingSpaces(from: 0)
    while index < end {
      let start = index
      while index < end, !Byte.isSpace(text[index]) {
        switch text[index] {
        case Byte.backslash:
          index += 2
        case Byte.singleQuote:
          index += 1
          while index < end, text[index] != Byte.singleQuote { index += 1 }
          index += 1
        case Byte.doubleQuote:
          index += 1
          while index < end, text[index] != Byte.doubleQuote {
            index += text[index] == Byte.backslash ? 2 : 1
          }
          index += 1
        default:
          index += 1
        }
      }
      index = min(index, end)
      words.append(start..<index)
      index = text.skippingSpaces(from: index)
    }
    return words
  }

  /// The heredoc a single word starts, if it is one.
  private static func heredoc(in word: ArraySlice<UInt8>) -> Heredoc? {
    var index = word.startIndex
    while index < word.endIndex, Byte.isDigit(word[index]) { index += 1 }
    guard word.endIndex - index > 2, word[index] == Byte.lessThan, word[index + 1] == Byte.lessThan else {
      return nil
    }
    index += 2
    let stripsTabs = word[index] == Byte.minus
    if stripsTabs { index += 1 }
    let rest = word[index...]
    guard !rest.isEmpty, !rest.contains(Byte.lessThan) else { return nil }
    let name = unquoted(rest)
    return name.isEmpty ? nil : Heredoc(name: name, stripsTabs: stripsTabs)
  }

  /// The word with quotes and `\` escapes removed, variables left alone.
  private static func unquoted(_ word: ArraySlice<UInt8>) -> [UInt8] {
    var result: [UInt8] = []
    var index = word.startIndex
    var quote: UInt8 = 0
    while index < word.endIndex {
      let byte = word[index]
      index += 1
      if quote == 0, byte == Byte.singleQuote || byte == Byte.doubleQuote {
        quote = byte
      } else if byte == quote {
        quote = 0
      } else if byte == Byte.backslash, quote != Byte.singleQuote, index < word.endIndex {
        result.append(word[index])
        index += 1
      } else {
        result.append(byte)
      }
    }
    return result
  }
}
