/// The pieces of Go's `path/filepath` and `strings` that decide how Docker reads ignore patterns,
/// on bytes (a pattern need not be valid UTF-8), for a `/`-separated system.
enum GoPath {
  static let slash = UInt8(ascii: "/")
  static let dot = UInt8(ascii: ".")

  /// `filepath.Clean`: the shortest equivalent path (`a//b/./c/..` → `a/b`, `` → `.`).
  static func clean(_ path: [UInt8]) -> [UInt8] {
    if path.isEmpty { return [dot] }
    let rooted = path[0] == slash
    var parts: [ArraySlice<UInt8>] = []
    // Leading `..` that cannot be removed (only in relative paths).
    var dotdots = 0
    for part in path.split(separator: slash, omittingEmptySubsequences: true) {
      if part.elementsEqual([dot]) { continue }
      if part.elementsEqual([dot, dot]) {
        if parts.count > dotdots {
          parts.removeLast()
        } else if !rooted {
          parts.append(part)
          dotdots += 1
        }
        continue
      }
      parts.append(part)
    }
    var result: [UInt8] = rooted ? [slash] : []
    for (offset, part) in parts.enumerated() {
      if offset > 0 { result.append(slash) }
      result.append(contentsOf: part)
    }
    return result.isEmpty ? [dot] : result
  }

  /// `strings.TrimSpace`: removes leading and trailing Unicode white space.
  static func trimSpace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    let copy = Array(bytes)
    var spans: [(start: Int, width: Int, space: Bool)] = []
    copy.withUnsafeBufferPointer { buffer in
      var index = 0
      while index < buffer.count {
        let (scalar, width) = GoUTF8.decode(buffer, at: index)
        let invalid = scalar == GoUTF8.replacement && width == 1
        spans.append((index, width, !invalid && spaceScalars.contains(scalar)))
        index += width
      }
    }
    guard let first = spans.firstIndex(where: { !$0.space }), let last = spans.lastIndex(where: { !$0.space }) else {
      return bytes[bytes.startIndex..<bytes.startIndex]
    }
    let lower = bytes.startIndex + spans[first].start
    let upper = bytes.startIndex + spans[last].start + spans[last].width
    return bytes[lower..<upper]
  }

  private static let spaceScalars: Set<UInt32> = [
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
    0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
  ]

  /// Whether `filepath.Match(pattern, name)` reports `ErrBadPattern` (Go checks the whole pattern).
  static func isBadPattern(_ pattern: [UInt8]) -> Bool {
    // Every chunk is checked against the empty string, which walks all of it.
    var rest = pattern[...]
    while !rest.isEmpty {
      let (_, chunk, remainder) = scanChunk(rest)
      rest = remainder
      if !chunkIsWellFormed(chunk) { return true }
    }
    return false
  }

  /// `scanChunk`: leading stars, then the chunk up to the next unbracketed `*`.
  private static func scanChunk(_ pattern: ArraySlice<UInt8>) -> (Bool, ArraySlice<UInt8>, ArraySlice<UInt8>) {
    var pattern = pattern
    var star = false
    while pattern.first == UInt8(ascii: "*") {
      pattern = pattern.dropFirst()
      star = true
    }
    var inRange = false
    var index = pattern.startIndex
    scan: while index < pattern.endIndex {
      switch pattern[index] {
      case UInt8(ascii: "\\"):
        if index + 1 < pattern.endIndex { index += 1 }
      case UInt8(ascii: "["): inRange = true
      case UInt8(ascii: "]"): inRange = false
      case UInt8(ascii: "*"): if !inRange { break scan }
      default: break
      }
      index += 1
    }
    return (star, pattern[pattern.startIndex..<index], pattern[index...])
  }

  /// `matchChunk(chunk, "")` without its error: false when Go would return `ErrBadPattern`.
  private static func chunkIsWellFormed(_ chunk: ArraySlice<UInt8>) -> Bool {
    var chunk = chunk
    while let first = chunk.first {
      switch first {
      case UInt8(ascii: "["):
        chunk = chunk.dropFirst()
        if chunk.first == UInt8(ascii: "^") { chunk = chunk.dropFirst() }
        var ranges = 0
        while true {
          if chunk.first == UInt8(ascii: "]"), ranges > 0 {
            chunk = chunk.dropFirst()
            break
          }
          guard let afterLow = classEscape(chunk) else { return false }
          chunk = afterLow
          if chunk.first == UInt8(ascii: "-") {
            guard let afterHigh = classEscape(chunk.dropFirst()) else { return false }
            chunk = afterHigh
          }
          ranges += 1
        }
      case UInt8(ascii: "\\"):
        chunk = chunk.dropFirst()
        if chunk.isEmpty { return false }
        chunk = chunk.dropFirst()
      default:
        chunk = chunk.dropFirst()
      }
    }
    return true
  }

  /// `getEsc`: the rest of the chunk after one class character, or nil for `ErrBadPattern`.
  private static func classEscape(_ chunk: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
    var chunk = chunk
    guard let first = chunk.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else { return nil }
    if first == UInt8(ascii: "\\") {
      chunk = chunk.dropFirst()
      if chunk.isEmpty { return nil }
    }
    let head = Array(chunk.prefix(4))
    let (scalar, width) = head.withUnsafeBufferPointer { GoUTF8.decode($0, at: 0) }
    if scalar == GoUTF8.replacement, width == 1, head[0] >= 0x80 { return nil }
    let rest = chunk.dropFirst(width)
    return rest.isEmpty ? nil : rest
  }
}
