/// The Dockerfile instructions Docker knows.
enum Keyword: String, CaseIterable, Sendable {
  case add, arg, cmd, copy, entrypoint, env, expose, from, healthcheck, label, maintainer, onbuild, run, shell,
    stopsignal, user, volume, workdir

  /// The keyword matching `word` case-insensitively, or nil.
  init?(_ word: ArraySlice<UInt8>) {
    guard word.count < Self.byLength.count else { return nil }
    for (spelling, keyword) in Self.byLength[word.count]
    where zip(word, spelling).allSatisfy({ Byte.lowercased($0) == $1 }) {
      self = keyword
      return
    }
    return nil
  }

  /// The lower-case spellings grouped by length, so a word is compared with at most a few of them.
  private static let byLength: [[(spelling: [UInt8], keyword: Keyword)]] = {
    var table = [[(spelling: [UInt8], keyword: Keyword)]](repeating: [], count: 12)
    for keyword in allCases {
      table[keyword.rawValue.utf8.count].append((Array(keyword.rawValue.utf8), keyword))
    }
    return table
  }()

  /// The instruction spelt as Docker documents it.
  var spelling: String { rawValue.uppercased() }

  /// Instructions whose arguments may start heredocs.
  var acceptsHeredocs: Bool { self == .run || self == .copy || self == .add }

  /// Instructions `ONBUILD` may not wrap.
  var forbiddenInOnbuild: Bool { self == .onbuild || self == .from || self == .maintainer }
}

extension Array where Element == UInt8 {
  /// The end of the whitespace-delimited word starting at `start`.
  func wordEnd(from start: Int) -> Int {
    var index = start
    while index < count, !Byte.isSpace(self[index]) { index += 1 }
    return index
  }
}
