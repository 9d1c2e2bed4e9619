/// The Dockerfile instructions Docker knows.
enum Keyword: String, CaseIterable, Sendable {
  case add, arg, cmd, copy, entrypoint, env, expose, from, healthcheck, label, maintainer, onbuild, run, shell,
    stopsignal, user, volume, workdir

  /// The keyword matching `word` case-insensitively, or nil.
  init?(_ word: ArraySlice<UInt8>) {
    let keyword: Keyword?
    switch word.count {
    case 3:
      keyword =
        word.equalsIgnoringCase("run") ? .run
        : word.equalsIgnoringCase("arg") ? .arg
        : word.equalsIgnoringCase("add") ? .add
        : word.equalsIgnoringCase("env") ? .env
        : word.equalsIgnoringCase("cmd") ? .cmd : nil
    case 4:
      keyword =
        word.equalsIgnoringCase("copy") ? .copy
        : word.equalsIgnoringCase("from") ? .from
        : word.equalsIgnoringCase("user") ? .user : nil
    case 5:
      keyword = word.equalsIgnoringCase("label") ? .label : word.equalsIgnoringCase("shell") ? .shell : nil
    case 6:
      keyword = word.equalsIgnoringCase("expose") ? .expose : word.equalsIgnoringCase("volume") ? .volume : nil
    case 7:
      keyword = word.equalsIgnoringCase("workdir") ? .workdir : word.equalsIgnoringCase("onbuild") ? .onbuild : nil
    case 10:
      keyword =
        word.equalsIgnoringCase("entrypoint") ? .entrypoint
        : word.equalsIgnoringCase("maintainer") ? .maintainer
        : word.equalsIgnoringCase("stopsignal") ? .stopsignal : nil
    case 11:
      keyword = word.equalsIgnoringCase("healthcheck") ? .healthcheck : nil
    default:
      keyword = nil
    }
    guard let keyword else { return nil }
    self = keyword
  }

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
