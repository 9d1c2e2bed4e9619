/// Splitting instruction arguments into words, as Docker's line parsers do.
enum Words {
  /// Ranges of the whitespace-separated words in `text[start...]` (how `FROM` splits its arguments).
  static func plain(_ text: [UInt8], from start: Int) -> [Range<Int>] {
    var words: [Range<Int>] = []
    var index = text.skippingSpaces(from: start)
    while index < text.count {
      let end = text.wordEnd(from: index)
      words.append(index..<end)
      index = text.skippingSpaces(from: end)
    }
    return words
  }

  /// Ranges of the words in `text[start...]`, split on unquoted whitespace, quotes kept (how `ARG` splits).
  static func quoted(_ text: [UInt8], from start: Int, escape: UInt8) -> [Range<Int>] {
    var words: [Range<Int>] = []
    var index = text.skippingSpaces(from: start)
    let end = text.count
    while index < end {
      let wordStart = index
      var quote: UInt8 = 0
      while index < end {
        let byte = text[index]
        if quote == 0 {
          if Byte.isSpace(byte) { break }
          if byte == Byte.singleQuote || byte == Byte.doubleQuote {
            quote = byte
          } else if byte == escape {
            index += 1
          }
        } else if byte == quote {
          quote = 0
        } else if byte == escape, quote != Byte.singleQuote {
          index += 1
        }
        index += 1
      }
      index = min(index, end)
      words.append(wordStart..<index)
      index = text.skippingSpaces(from: index)
    }
    return words
  }
}
