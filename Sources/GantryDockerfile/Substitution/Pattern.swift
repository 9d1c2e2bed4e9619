/// Shell patterns for `${V#p}`, `${V%p}` and `${V/p/r}`: `*` matches any run of characters, `?` any one byte.
enum Pattern {
  /// True when `pattern` matches all of `text`.
  static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
    var p = pattern.startIndex
    var t = text.startIndex
    var starPattern: Int?
    var starText = t
    while t < text.endIndex {
      if p < pattern.endIndex, pattern[p] == Byte.asterisk {
        starPattern = p
        starText = t
        p += 1
      } else if p < pattern.endIndex, pattern[p] == Byte.questionMark || pattern[p] == text[t] {
        p += 1
        t += 1
      } else if let star = starPattern {
        p = star + 1
        starText += 1
        t = starText
      } else {
        return false
      }
    }
    while p < pattern.endIndex, pattern[p] == Byte.asterisk { p += 1 }
    return p == pattern.endIndex
  }

  /// `value` without its shortest (or longest) prefix matching `pattern`.
  static func removingPrefix(_ pattern: [UInt8], from value: [UInt8], longest: Bool) -> [UInt8] {
    let ends = longest ? Array((0...value.count).reversed()) : Array(0...value.count)
    for end in ends where matches(pattern[...], value[..<end]) {
      return Array(value[end...])
    }
    return value
  }

  /// `value` without its shortest (or longest) suffix matching `pattern`.
  static func removingSuffix(_ pattern: [UInt8], from value: [UInt8], longest: Bool) -> [UInt8] {
    let starts = longest ? Array(0...value.count) : Array((0...value.count).reversed())
    for start in starts where matches(pattern[...], value[start...]) {
      return Array(value[..<start])
    }
    return value
  }

  /// `value` with the first (or every) longest match of `pattern` replaced.
  static func replacing(_ pattern: [UInt8], with replacement: [UInt8], in value: [UInt8], all: Bool) -> [UInt8] {
    guard !pattern.isEmpty else { return value }
    var result: [UInt8] = []
    var start = 0
    var replaced = false
    while start < value.count {
      if all || !replaced, let end = longestMatch(pattern, in: value, from: start) {
        result.append(contentsOf: replacement)
        start = end
        replaced = true
      } else {
        result.append(value[start])
        start += 1
      }
    }
    return result
  }

  /// The end of the longest non-empty match of `pattern` starting at `start`.
  private static func longestMatch(_ pattern: [UInt8], in value: [UInt8], from start: Int) -> Int? {
    var end = value.count
    while end > start {
      if matches(pattern[...], value[start..<end]) { return end }
      end -= 1
    }
    return nil
  }
}
