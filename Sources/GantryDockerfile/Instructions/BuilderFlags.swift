/// One `--name[=value]` word at the start of an instruction's arguments, with quotes and `\` escapes removed.
struct BuilderFlag {
  /// The processed word with its `--`; a slice of the line (indices are line offsets) when `offsets` is nil.
  var text: ArraySlice<UInt8>
  /// For a processed word, the line offset of each of its bytes (its indices start at 0).
  var offsets: [Int]?

  /// The index in `text` of the first `=`, if any.
  private var equalsIndex: Int? { text.firstIndex(of: Byte.equals) }

  /// The name without `--`, e.g. `from`.
  var name: ArraySlice<UInt8> { text[(text.startIndex + 2)..<(equalsIndex ?? text.endIndex)] }

  /// The value after `=`, or nil for a flag written without one.
  var value: ArraySlice<UInt8>? { equalsIndex.map { text[($0 + 1)...] } }

  /// The offset in the instruction line of the byte at `index` in `text` (just past the word when beyond it).
  func lineOffset(ofTextIndex index: Int) -> Int {
    guard let offsets else { return index }
    return index < offsets.count ? offsets[index] : (offsets.last.map { $0 + 1 } ?? 0)
  }

  /// True when the flag is `--<name>` exactly (flag names are case-sensitive).
  func isNamed(_ expected: StaticString) -> Bool {
    expected.withUTF8Buffer { name.elementsEqual($0) }
  }
}

/// The flags at the start of an instruction's arguments, split the way Docker's `extractBuilderFlags` does.
struct BuilderFlags {
  var flags: [BuilderFlag] = []
  /// The offset where the non-flag arguments start (the line's end when there are none).
  var remainder: Int

  /// The last flag called `name`.
  func last(_ name: StaticString) -> BuilderFlag? {
    flags.last { $0.isNamed(name) }
  }

  /// Every flag called `name`, in order.
  func all(_ name: StaticString) -> [BuilderFlag] {
    flags.filter { $0.isNamed(name) }
  }

  /// Reads `--flag` words from `text[start...]` until the first word that does not start with `--`, or a bare `--`.
  init(_ text: [UInt8], from start: Int) {
    let end = text.count
    var position = start
    while true {
      position = text.skippingSpaces(from: position)
      guard position + 1 < end, text[position] == Byte.minus, text[position + 1] == Byte.minus else {
        remainder = position
        return
      }
      var wordEnd = position
      var plain = true
      while wordEnd < end, !Byte.isSpace(text[wordEnd]) {
        let byte = text[wordEnd]
        if byte == Byte.singleQuote || byte == Byte.doubleQuote || byte == Byte.backslash {
          plain = false
          break
        }
        wordEnd += 1
      }
      if plain {
        if wordEnd - position == 2 {
          remainder = text.skippingSpaces(from: wordEnd)
          return
        }
        flags.append(BuilderFlag(text: text[position..<wordEnd], offsets: nil))
        position = wordEnd
        continue
      }
      let word = Self.processedWord(text, from: position)
      position = word.end
      if word.bytes.elementsEqual("--".utf8) {
        remainder = text.skippingSpaces(from: position)
        return
      }
      if word.blankAllowed || !word.bytes.isEmpty {
        flags.append(BuilderFlag(text: word.bytes[...], offsets: word.offsets))
      }
    }
  }

  /// One word with quotes removed and `\` escaping the next byte, ending at unquoted whitespace.
  private static func processedWord(
    _ text: [UInt8], from start: Int
  ) -> (bytes: [UInt8], offsets: [Int], end: Int, blankAllowed: Bool) {
    var bytes: [UInt8] = []
    var offsets: [Int] = []
    var quote: UInt8 = 0
    var blankAllowed = false
    var position = start
    while position < text.count {
      var byte = text[position]
      if quote == 0 {
        if Byte.isSpace(byte) { break }
        if byte == Byte.singleQuote || byte == Byte.doubleQuote {
          quote = byte
          blankAllowed = true
          position += 1
          continue
        }
      } else if byte == quote {
        quote = 0
        position += 1
        continue
      }
      if byte == Byte.backslash {
        position += 1
        guard position < text.count else {
          quote = 0
          continue
        }
        byte = text[position]
      }
      bytes.append(byte)
      offsets.append(position)
      position += 1
    }
    return (bytes, offsets, position, blankAllowed)
  }
}
