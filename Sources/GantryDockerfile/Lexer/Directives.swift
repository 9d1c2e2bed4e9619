/// Parser directives (`# escape=`, `# syntax=`, `# check=`): comment lines at the very top of a Dockerfile.
enum Directives {
  /// The directives Docker knows; any other `# name=value` line ends the directive section.
  static let known: Set<String> = ["escape", "syntax", "check"]

  /// A `# name=value` line split into its parts.
  struct Match {
    /// The name, lower-cased.
    var name: String
    var value: String
    /// The offset of the value in the line.
    var valueOffset: Int
  }

  /// Matches `#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` on a line whose leading whitespace is already removed.
  static func match(_ line: ArraySlice<UInt8>) -> Match? {
    var index = line.startIndex
    let end = line.endIndex
    guard index < end, line[index] == Byte.hash else { return nil }
    index += 1
    while index < end, Byte.isSpace(line[index]) { index += 1 }
    let nameStart = index
    guard index < end, Byte.isLetter(line[index]) else { return nil }
    while index < end, Byte.isLetter(line[index]) || Byte.isDigit(line[index]) { index += 1 }
    let nameEnd = index
    while index < end, Byte.isSpace(line[index]) { index += 1 }
    guard index < end, line[index] == Byte.equals else { return nil }
    index += 1
    while index < end, Byte.isSpace(line[index]) { index += 1 }
    var valueEnd = end
    while valueEnd > index, Byte.isSpace(line[valueEnd - 1]) { valueEnd -= 1 }
    guard valueEnd > index else { return nil }
    let name = String(decoding: line[nameStart..<nameEnd].map(Byte.lowercased), as: UTF8.self)
    return Match(name: name, value: line[index..<valueEnd].decoded, valueOffset: index - line.startIndex)
  }
}
