import GantryCore

extension ParseState {
  /// Records what `COPY`, `ADD` and `RUN --mount` read from the build context or from other stages.
  mutating func readContextSources(_ line: LogicalLine, keyword: Keyword) {
    guard let stage = currentStage else { return }
    let flags = BuilderFlags(line.text, from: line.keywordEnd)
    switch keyword {
    case .copy, .add:
      if let from = flags.last("from"), let value = from.value {
        result.stageReferences.append(StageReference(stageIndex: stage, written: value.decoded))
        return
      }
      let instruction: ContextSource.Instruction = keyword == .copy ? .copy : .add
      guard let words = Self.arguments(line.text, from: flags.remainder) else {
        // Unreadable arguments: record the whole context as read.
        result.contextSources.append(
          ContextSource(
            instruction: instruction, stageIndex: stage, written: line.text[flags.remainder...].decoded,
            literalPath: nil, location: location(line, at: flags.remainder)))
        return
      }
      for (word, offset) in words.dropLast() {
        if word.starts(with: [Byte.lessThan, Byte.lessThan]) { continue }  // a heredoc: text in the Dockerfile
        if keyword == .add, Self.isRemote(word) { continue }
        result.contextSources.append(
          ContextSource(
            instruction: instruction, stageIndex: stage, written: word.decoded, literalPath: Self.literalPath(word),
            location: location(line, at: offset)))
      }
    case .run:
      for flag in flags.all("mount") {
        guard let value = flag.value else { continue }
        let place = location(line, at: flag.lineOffset(ofTextIndex: value.startIndex))
        guard let fields = Self.mountFields(value) else {
          result.contextSources.append(
            ContextSource(
              instruction: .bindMount, stageIndex: stage, written: value.decoded, literalPath: nil, location: place))
          continue
        }
        let type = fields["type"] ?? "bind"
        if let from = fields["from"] {
          result.stageReferences.append(StageReference(stageIndex: stage, written: from))
          continue
        }
        guard type == "bind" else { continue }
        let source = fields["source"] ?? fields["src"] ?? "."
        result.contextSources.append(
          ContextSource(
            instruction: .bindMount, stageIndex: stage, written: source,
            literalPath: Self.literalPath(Array(source.utf8)[...]), location: place))
      }
    default: break
    }
  }

  /// The argument words with their line offsets: a JSON array of plain strings, or words split at
  /// white space. Nil when the JSON form has escapes (read conservatively by the caller).
  static func arguments(_ text: [UInt8], from start: Int) -> [(ArraySlice<UInt8>, Int)]? {
    let first = text.skippingSpaces(from: start)
    if first < text.count, text[first] == Byte.leftBracket {
      return jsonStrings(text, from: first)
    }
    return Words.plain(text, from: start).map { (text[$0], $0.lowerBound) }
  }

  /// `["a", "b"]` with no escapes in the strings; nil otherwise.
  private static func jsonStrings(_ text: [UInt8], from start: Int) -> [(ArraySlice<UInt8>, Int)]? {
    var result: [(ArraySlice<UInt8>, Int)] = []
    var index = text.skippingSpaces(from: start + 1)
    if index < text.count, text[index] == Byte.rightBracket { return [] }
    while index < text.count {
      guard text[index] == Byte.doubleQuote else { return nil }
      let open = index + 1
      guard let close = text[open...].firstIndex(of: Byte.doubleQuote) else { return nil }
      if text[open..<close].contains(Byte.backslash) { return nil }
      result.append((text[open..<close], open))
      index = text.skippingSpaces(from: close + 1)
      guard index < text.count else { return nil }
      if text[index] == Byte.rightBracket { return result }
      guard text[index] == Byte.comma else { return nil }
      index = text.skippingSpaces(from: index + 1)
    }
    return nil
  }

  /// `key=value` fields of a `--mount` value, keys lower-cased; nil when quoted (read conservatively).
  static func mountFields(_ value: ArraySlice<UInt8>) -> [String: String]? {
    if value.contains(Byte.doubleQuote) || value.contains(Byte.singleQuote) { return nil }
    var fields: [String: String] = [:]
    for field in value.split(separator: Byte.comma) {
      guard let equals = field.firstIndex(of: Byte.equals) else {
        fields[field.decoded.lowercased()] = "true"
        continue
      }
      fields[field[field.startIndex..<equals].decoded.lowercased()] = field[(equals + 1)...].decoded
    }
    return fields
  }

  /// True for an `ADD` source the builder downloads rather than reads from the context.
  static func isRemote(_ word: ArraySlice<UInt8>) -> Bool {
    let text = word.decoded.lowercased()
    return text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("git@")
      || text.hasPrefix("git://")
  }

  /// The cleaned relative path when `word` is a plain path naming part of the context.
  static func literalPath(_ word: ArraySlice<UInt8>) -> String? {
    let special: Set<UInt8> = [
      Byte.dollar, Byte.asterisk, Byte.questionMark, Byte.leftBracket, Byte.rightBracket, Byte.backslash,
      Byte.backtick, Byte.doubleQuote, Byte.singleQuote, Byte.leftBrace, Byte.rightBrace,
    ]
    guard !word.isEmpty, !word.contains(where: special.contains) else { return nil }
    var parts: [Substring] = []
    for part in word.decoded.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." { return nil }
      parts.append(part)
    }
    return parts.isEmpty ? nil : parts.joined(separator: "/")
  }
}
