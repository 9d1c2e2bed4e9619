/// ASCII byte constants and classes the lexer compares against.
enum Byte {
  static let tab: UInt8 = 0x09
  static let newline: UInt8 = 0x0A
  static let verticalTab: UInt8 = 0x0B
  static let formFeed: UInt8 = 0x0C
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let doubleQuote: UInt8 = 0x22
  static let hash: UInt8 = 0x23
  static let dollar: UInt8 = 0x24
  static let singleQuote: UInt8 = 0x27
  static let asterisk: UInt8 = 0x2A
  static let plus: UInt8 = 0x2B
  static let comma: UInt8 = 0x2C
  static let minus: UInt8 = 0x2D
  static let slash: UInt8 = 0x2F
  static let zero: UInt8 = 0x30
  static let nine: UInt8 = 0x39
  static let colon: UInt8 = 0x3A
  static let lessThan: UInt8 = 0x3C
  static let equals: UInt8 = 0x3D
  static let questionMark: UInt8 = 0x3F
  static let percent: UInt8 = 0x25
  static let leftBracket: UInt8 = 0x5B
  static let backslash: UInt8 = 0x5C
  static let rightBracket: UInt8 = 0x5D
  static let underscore: UInt8 = 0x5F
  static let backtick: UInt8 = 0x60
  static let leftBrace: UInt8 = 0x7B
  static let rightBrace: UInt8 = 0x7D

  /// Space, tab, vertical tab, form feed, carriage return or newline.
  @inline(__always)
  static func isSpace(_ byte: UInt8) -> Bool {
    byte == space || (byte >= tab && byte <= carriageReturn)
  }

  /// Space or tab, the only blanks allowed after a line-continuation escape.
  @inline(__always)
  static func isBlank(_ byte: UInt8) -> Bool {
    byte == space || byte == tab
  }

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= zero && byte <= nine
  }

  @inline(__always)
  static func isLetter(_ byte: UInt8) -> Bool {
    let folded = byte | 0x20
    return folded >= 0x61 && folded <= 0x7A
  }

  /// A character allowed in a variable name: letter, digit or underscore.
  @inline(__always)
  static func isNameCharacter(_ byte: UInt8) -> Bool {
    isLetter(byte) || isDigit(byte) || byte == underscore
  }

  /// The byte lower-cased when it is an ASCII capital letter.
  @inline(__always)
  static func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  /// True for the second and later bytes of a multi-byte UTF-8 sequence.
  @inline(__always)
  static func isContinuation(_ byte: UInt8) -> Bool {
    byte & 0xC0 == 0x80
  }
}

extension Collection where Element == UInt8 {
  /// The bytes decoded as UTF-8 (invalid sequences become U+FFFD).
  var decoded: String { String(decoding: self, as: UTF8.self) }

  /// True when the bytes equal `word` ignoring ASCII case; `word` must be lower-case.
  func equalsIgnoringCase(_ word: StaticString) -> Bool {
    guard count == word.utf8CodeUnitCount else { return false }
    return word.withUTF8Buffer { expected in
      zip(self, expected).allSatisfy { Byte.lowercased($0) == $1 }
    }
  }

  /// True when the bytes start with `prefix` exactly.
  func hasPrefix(_ prefix: StaticString) -> Bool {
    guard count >= prefix.utf8CodeUnitCount else { return false }
    return prefix.withUTF8Buffer { expected in
      zip(self, expected).allSatisfy { $0 == $1 }
    }
  }
}

extension Array where Element == UInt8 {
  /// The index of the first non-space byte at or after `index`, or `endIndex`.
  func skippingSpaces(from index: Int, to end: Int? = nil) -> Int {
    let end = end ?? count
    var index = index
    while index < end, Byte.isSpace(self[index]) { index += 1 }
    return index
  }

  /// True when `self[index...]` contains the two bytes `<<`.
  func containsHeredocMarker(in range: Range<Int>) -> Bool {
    var index = range.lowerBound
    while index + 1 < range.upperBound {
      if self[index] == Byte.lessThan, self[index + 1] == Byte.lessThan { return true }
      index += 1
    }
    return false
  }
}

extension String {
  /// The string with ASCII capitals lower-cased, returned as is (without copying) when it has none.
  func asciiLowercased() -> String {
    guard utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return self }
    return String(decoding: utf8.map(Byte.lowercased), as: UTF8.self)
  }
}
