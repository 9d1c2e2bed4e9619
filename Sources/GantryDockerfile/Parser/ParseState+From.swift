import GantryCore

extension ParseState {
  /// `FROM [--platform=<platform>] <image> [AS <name>]`: starts a stage.
  mutating func readFrom(_ line: LogicalLine) {
    let flags = BuilderFlags(line.text, from: line.keywordEnd)
    for flag in flags.flags where !flag.isNamed("platform") {
      error(
        "unknown flag '--\(flag.name.decoded)' for FROM", at: location(line, at: flag.lineOffset(ofTextIndex: 0)),
        hint: "FROM only accepts --platform")
    }
    reportDuplicateFlags(flags, of: .from, in: line)
    let platform = flags.last("platform")?.value?.decoded
    let arguments = Words.plain(line.text, from: flags.remainder)
    let index = result.stages.count
    var stage = Stage(
      index: index, name: nil, baseWritten: "", base: "", platformWritten: platform, location: location(line),
      baseIsStage: false)
    stageReads.append([])
    if currentStage != nil { finishedScopes.append(stageVariables) }
    defer {
      result.stages.append(stage)
      // A stage built on an earlier one starts with the arguments that one declared.
      stageVariables =
        stage.baseIsStage
        ? (stageReads[index].first.map { finishedScopes[$0] } ?? globalVariables.stageScope())
        : globalVariables.stageScope()
    }

    guard let image = arguments.first else {
      error("FROM needs an image", at: location(line), hint: "write FROM <image> [AS <name>]")
      return
    }
    stage.name = stageName(arguments, in: line)
    stage.baseWritten = line.text[image].decoded
    let expansion = Expander(escape: escape, variables: globalVariables).expand(line.text[image])
    let imageLocation = location(line, at: image.lowerBound)
    reportUndeclared(expansion.undeclared, at: imageLocation)
    if let message = expansion.error {
      error("FROM \(stage.baseWritten.abbreviated): \(message)", at: imageLocation)
    }
    stage.base = expansion.text
    if stage.base.isEmpty {
      if expansion.error == nil {
        error(
          "FROM image '\(stage.baseWritten)' is empty after substitution", at: imageLocation,
          hint: "give the argument a default with ARG before the first FROM, or pass it with --build-arg")
      }
    } else if let base = stageIndex(named: stage.base) {
      // `FROM name` matches a stage only as written: stage names are lower-case, so `FROM Build` is an image.
      stage.baseIsStage = true
      stageReads[index].append(base)
    } else if stage.base != "scratch" {
      if expansion.error == nil, !stage.base.contains("$"), ImageReference(stage.base) == nil {
        let lowered = stage.base.asciiLowercased()
        let hint =
          stageIndex(named: lowered) != nil
          ? "stage names match case-sensitively in FROM: write FROM \(lowered)"
          : "an image name is lower-case letters, digits and separators, with an optional registry, :tag and @digest"
        error("FROM image '\(stage.base)' is not a valid image reference", at: imageLocation, hint: hint)
      }
      result.imageUses.append(ImageUse(kind: .from, reference: stage.base, location: imageLocation, stageIndex: index))
      namedUses.append((result.imageUses.count - 1, stage.base.asciiLowercased()))
    }
    if let name = stage.name {
      if let previous = stageIndex(named: name) {
        warning(
          "duplicate stage name '\(name)': this stage replaces stage \(previous) (line \(result.stages[previous].location.line)) from here on",
          at: location(line, at: arguments[2].lowerBound),
          hint: "give each stage its own name; BuildKit uses the last stage of a name")
      }
      stageNames[name] = index
    }
  }

  /// The lower-cased `AS` name, reporting malformed argument lists and invalid names.
  private mutating func stageName(_ arguments: [Range<Int>], in line: LogicalLine) -> String? {
    let hasAs = arguments.count >= 2 && line.text[arguments[1]].equalsIgnoringCase("as")
    switch arguments.count {
    case 1:
      return nil
    case 2 where hasAs:
      error("FROM ... AS needs a stage name", at: location(line, at: arguments[1].lowerBound))
      return nil
    case 3 where hasAs:
      let written = line.text[arguments[2]]
      let name = String(decoding: written.map(Byte.lowercased), as: UTF8.self)
      if !Self.isValidStageName(name) {
        error(
          "invalid stage name '\(written.decoded)'", at: location(line, at: arguments[2].lowerBound),
          hint: "a stage name starts with a letter and holds only letters, digits, '-', '_' and '.'")
      }
      return name
    default:
      error(
        "FROM takes an image and an optional 'AS name'", at: location(line, at: arguments[1].lowerBound),
        hint: "write FROM <image> [AS <name>]")
      return nil
    }
  }

  /// Docker's rule for stage names: `^[a-z][a-z0-9-_.]*$` (after lower-casing).
  static func isValidStageName(_ name: String) -> Bool {
    var bytes = name.utf8.makeIterator()
    guard let first = bytes.next(), first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
    while let byte = bytes.next() {
      let allowed =
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || Byte.isDigit(byte) || byte == Byte.minus
        || byte == Byte.underscore || byte == UInt8(ascii: ".")
      if !allowed { return false }
    }
    return true
  }

  /// Warns about arguments a `FROM` uses without declaring them before the first `FROM`, as Docker does.
  private mutating func reportUndeclared(_ names: [String], at location: SourceLocation) {
    let declared = result.globalArgs.map(\.name)
    for name in names {
      let hint =
        Suggestion.nearest(to: name, in: declared).map { "did you mean '\($0)'?" }
        ?? "declare it with ARG \(name) before the first FROM"
      warning("FROM uses undeclared build argument '\(name)'", at: location, hint: hint)
    }
  }
}

extension String {
  /// The text cut to 80 characters with an ellipsis, for messages about very long words.
  var abbreviated: String { count > 80 ? prefix(77) + "…" : self }
}
