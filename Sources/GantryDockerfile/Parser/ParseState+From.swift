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
    let platform = flags.last("platform")?.value?.decoded
    let arguments = Words.plain(line.text, from: flags.remainder)
    let index = result.stages.count
    var stage = Stage(
      index: index, name: nil, baseWritten: "", base: "", platformWritten: platform, location: location(line),
      baseIsStage: false)
    defer {
      result.stages.append(stage)
      stageVariables = globalVariables
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
      error("FROM \(stage.baseWritten): \(message)", at: imageLocation)
    }
    stage.base = expansion.text
    let key = stage.base.asciiLowercased()
    if stage.base.isEmpty {
      error(
        "FROM image '\(stage.baseWritten)' is empty after substitution", at: imageLocation,
        hint: "give the argument a default with ARG before the first FROM, or pass it with --build-arg")
    } else if stageIndex(named: key) != nil {
      stage.baseIsStage = true
    } else if stage.base != "scratch" {
      result.imageUses.append(ImageUse(kind: .from, reference: stage.base, location: imageLocation, stageIndex: index))
      namedUses.append((result.imageUses.count - 1, key))
    }
    if let name = stage.name {
      if let previous = stageIndex(named: name) {
        error(
          "duplicate stage name '\(name)'", at: location(line, at: arguments[2].lowerBound),
          hint: "stage \(previous) (line \(result.stages[previous].location.line)) already uses it")
      } else {
        stageNames.append((name, index))
      }
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
