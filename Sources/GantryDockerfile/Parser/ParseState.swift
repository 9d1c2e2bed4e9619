import GantryCore

/// What the parser knows part way through a Dockerfile.
struct ParseState {
  let file: String
  let escape: UInt8
  let buildArgs: [String: String]
  /// The stage the build stops at (`--target`), nil for the last one.
  let target: String?
  var result = Dockerfile()
  /// Global arguments (declared before the first `FROM`) with their effective values.
  var globalVariables: Variables
  /// The arguments declared in the current stage (and in the stages it is built on).
  var stageVariables: Variables
  /// The arguments of each stage before the current one, as they were at its end.
  var finishedScopes: [Variables] = []
  /// Lower-cased stage names with the index of their last definition so far (a repeated name is
  /// the later stage from then on, as in BuildKit).
  var stageNames: [String: Int] = [:]
  /// Image uses written as plain names, checked at the end against stages defined later.
  var namedUses: [(use: Int, name: String)] = []
  /// For each stage, the earlier stages it reads (its base, `COPY --from`, `RUN --mount from=`).
  var stageReads: [[Int]] = []
  /// Errors BuildKit reports only when it builds the stage they are in (an `ARG` default it cannot expand).
  var deferred: [(stage: Int, diagnostic: Diagnostic)] = []

  init(file: String, escape: UInt8, buildArgs: [String: String], target: String?, platforms: BuildPlatforms) {
    self.file = file
    self.escape = escape
    self.buildArgs = buildArgs
    self.target = target
    var automatic = platforms.arguments
    automatic["TARGETSTAGE"] = target ?? "default"
    for (name, value) in buildArgs where Variables.automaticArguments.contains(name) { automatic[name] = value }
    globalVariables = Variables(automatic: automatic)
    stageVariables = globalVariables.stageScope()
  }

  /// The index of the stage called `name` (lower-cased), if one has been read.
  func stageIndex(named name: String) -> Int? {
    stageNames[name]
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

  /// Records that the current stage reads stage `index`.
  mutating func recordRead(of index: Int) {
    guard let current = currentStage else { return }
    stageReads[current].append(index)
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
    case .add: readAdd(line)
    case .env, .label: readNameValues(line, keyword: keyword)
    case .run:
      readRun(line)
      if let stage = currentStage { result.stages[stage].runLines.append(line.line) }
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
    var removed: Set<Int> = []
    for (useIndex, name) in namedUses {
      let use = result.imageUses[useIndex]
      guard let stage = stageIndex(named: name), stage > use.stageIndex else { continue }
      let defined = "line \(result.stages[stage].location.line)"
      if use.kind == .copyFrom {
        // BuildKit reads `COPY --from=name` once every stage is known, and refuses a later one.
        removed.insert(useIndex)
        error(
          "COPY --from=\(use.reference) names stage '\(name)', which is defined later (\(defined))", at: use.location,
          hint: "a stage can only copy from stages defined before it; move stage '\(name)' up")
      } else {
        warning(
          "'\(use.reference)' is used as an image, but it is also the name of a later stage (\(defined))",
          at: use.location, hint: "only stages defined earlier can be referenced by name; move stage '\(name)' up")
      }
    }
    if !removed.isEmpty {
      result.imageUses = result.imageUses.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }
    let built = builtStages()
    for (stage, diagnostic) in deferred where built.contains(stage) {
      result.diagnostics.append(diagnostic)
    }
    return result
  }

  /// The stages a build of `target` (or of the last stage) runs: the target and what it reads, transitively.
  private func builtStages() -> Set<Int> {
    guard !result.stages.isEmpty else { return [] }
    let start: Int
    if let target {
      guard let named = stageNames[target.asciiLowercased()] else { return Set(result.stages.indices) }
      start = named
    } else {
      start = result.stages.count - 1
    }
    var built: Set<Int> = [start]
    var pending = [start]
    while let stage = pending.popLast() {
      for read in stageReads[stage] where built.insert(read).inserted { pending.append(read) }
    }
    return built
  }
}
