import GantryCore

/// What the parser knows part way through a Dockerfile.
struct ParseState {
  let file: String
  let escape: UInt8
  let buildArgs: [String: String]
  var result = Dockerfile()
  /// Global arguments (declared before the first `FROM`) with their effective values.
  var globalVariables: Variables
  /// Global arguments plus those declared in the current stage.
  var stageVariables: Variables
  /// Lower-cased stage names with their index, for the stages read so far (few, so searched linearly).
  var stageNames: [(name: String, index: Int)] = []
  /// Image uses written as plain names, checked at the end against stages defined later.
  var namedUses: [(use: Int, name: String)] = []

  init(file: String, escape: UInt8, buildArgs: [String: String]) {
    self.file = file
    self.escape = escape
    self.buildArgs = buildArgs
    globalVariables = Variables(buildArgs: buildArgs)
    stageVariables = globalVariables
  }

  /// The index of the stage called `name` (lower-cased), if one has been read.
  func stageIndex(named name: String) -> Int? {
    stageNames.first { $0.name == name }?.index
  }

  /// The index of the stage being read, or nil before the first `FROM`.
  var currentStage: Int? { result.stages.isEmpty ? nil : result.stages.count - 1 }

  func location(_ line: LogicalLine, at offset: Int = 0) -> SourceLocation {
    line.location(at: offset, file: file)
  }

  mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
    result.diagnostics.append(.error(message, at: location, hint: hint))
  }

  mutating func warning(_ message: String, at location: SourceLocation, hint: String? = nil) {
    result.diagnostics.append(.warning(message, at: location, hint: hint))
  }

  /// Reads one instruction.
  mutating func handle(_ line: LogicalLine) {
    guard let keyword = line.keyword else {
      let word = line.keywordText
      error(
        "unknown instruction '\(word)'", at: location(line),
        hint: Suggestion.hint(for: word, in: Keyword.allCases.map(\.spelling), noun: "instructions"))
      return
    }
    if currentStage == nil, keyword != .arg, keyword != .from {
      error(
        "\(keyword.spelling) comes before the first FROM", at: location(line),
        hint: "only ARG may come before the first FROM")
      return
    }
    if keyword == .copy || keyword == .add || keyword == .run { readContextSources(line, keyword: keyword) }
    switch keyword {
    case .arg: readArg(line)
    case .from: readFrom(line)
    case .copy: readCopy(line)
    case .run:
      readRun(line)
      if let stage = currentStage { result.stages[stage].runLines.append(location(line).line) }
    case .onbuild: readOnbuild(line)
    default: break
    }
  }

  /// `ONBUILD` runs in images built from this one, so its content references nothing here; only misuse is reported.
  private mutating func readOnbuild(_ line: LogicalLine) {
    let start = line.text.skippingSpaces(from: line.keywordEnd)
    let end = line.text.wordEnd(from: start)
    guard start < end else {
      error("ONBUILD needs an instruction", at: location(line))
      return
    }
    guard let inner = Keyword(line.text[start..<end]) else {
      error("unknown instruction '\(line.text[start..<end].decoded)' in ONBUILD", at: location(line, at: start))
      return
    }
    if inner.forbiddenInOnbuild {
      error("ONBUILD cannot wrap \(inner.spelling)", at: location(line, at: start))
    }
  }

  /// Adds the checks that need the whole file and returns the result.
  consuming func finish() -> Dockerfile {
    if result.stages.isEmpty {
      error(
        "the Dockerfile has no FROM instruction", at: SourceLocation(file: file, line: 1),
        hint: "a Dockerfile needs at least one FROM <image>")
    }
    for (useIndex, name) in namedUses {
      let use = result.imageUses[useIndex]
      guard let stage = stageIndex(named: name), stage > use.stageIndex else { continue }
      warning(
        "'\(use.reference)' is used as an image, but it is also the name of a later stage (line \(result.stages[stage].location.line))",
        at: use.location, hint: "only stages defined earlier can be referenced by name; move stage '\(name)' up")
    }
    return result
  }
}
