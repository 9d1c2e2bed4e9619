/// Recognises exec form (`RUN ["a", "b"]`): arguments that are a JSON array of strings.
enum ExecForm {
  /// True when `text[start...]` is, apart from surrounding whitespace, a JSON array whose elements are all strings.
  static func isJSONStringArray(_ text: [UInt8], from start: Int) -> Bool {
    var index = text.skippingSpaces(from: start)
    guard index < text.count, text[index] == Byte.leftBracket else { return false }
    index = text.skippingSpaces(from: index + 1)
    if index < text.count, text[index] == Byte.rightBracket {
      return text.skippingSpaces(from: index + 1) == text.count
    }
    while true {
      guard let afterString = stringEnd(text, from: index) else { return false }
      index = text.skippingSpaces(from: afterString)
      guard index < text.count else { return false }
      if text[index] == Byte.rightBracket {
        return text.skippingSpaces(from: index + 1) == text.count
      }
      guard text[index] == Byte.comma else { return false }
      index = text.skippingSpaces(from: index + 1)
    }
  }

  /// The offset after the JSON string starting at `start`, or nil when there is no valid string there.
  private static func stringEnd(_ text: [UInt8], from start: Int) -> Int? {
    guard start < text.count, text[start] == Byte.doubleQuote else { return nil }
    var index = start + 1
    while index < text.count {
      let byte = text[index]
      switch byte {
      case Byte.doubleQuote:
        return index + 1
      case Byte.backslash:
        guard index + 1 < text.count else { return nil }
        let escaped = text[index + 1]
        if escaped == UInt8(ascii: "u") {
          guard index + 6 <= text.count, text[(index + 2)..<(index + 6)].allSatisfy(isHexDigit) else { return nil }
          index += 6
        } else {
          guard "\"\\/bfnrt".utf8.contains(escaped) else { return nil }
          index += 2
        }
      case ..<Byte.space:
        return nil
      default:
        index += 1
      }
    }
    return nil
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    Byte.isDigit(byte) || (Byte.lowercased(byte) >= UInt8(ascii: "a") && Byte.lowercased(byte) <= UInt8(ascii: "f"))
  }
}
