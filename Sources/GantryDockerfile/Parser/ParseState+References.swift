import GantryCore

extension ParseState {
  /// `COPY --from=<stage|index|image>`. BuildKit takes the value as written: it expands no variables.
  mutating func readCopy(_ line: LogicalLine) {
    let flags = BuilderFlags(line.text, from: line.keywordEnd)
    reportDuplicateFlags(flags, of: .copy, in: line)
    guard let flag = flags.last("from"), let value = flag.value, !value.isEmpty, let current = currentStage else {
      return
    }
    let place = location(line, at: flag.lineOffset(ofTextIndex: value.startIndex))
    let reference = value.decoded
    guard !rejectsVariables(reference, in: "COPY --from", at: place) else { return }
    if let index = Self.stageIndexNumber(value) {
      if index >= 0, index < current {
        recordRead(of: index)
        return
      }
      if index < 0 {
        error("COPY --from=\(reference): invalid stage index \(index)", at: place, hint: "stage indexes count from 0")
      } else {
        error(
          "COPY --from=\(reference) refers to stage \(reference), which is not defined before this one", at: place,
          hint: current == 0 ? "this is the first stage" : "use an index from 0 to \(current - 1), or a stage name")
      }
      return
    }
    resolve(reference, kind: .copyFrom, at: place)
  }

  /// `ADD`: only its flags are checked.
  mutating func readAdd(_ line: LogicalLine) {
    reportDuplicateFlags(BuilderFlags(line.text, from: line.keywordEnd), of: .add, in: line)
  }

  /// `RUN --mount=type=bind|cache,from=<stage|image>,...`, any number of mounts.
  mutating func readRun(_ line: LogicalLine) {
    let flags = BuilderFlags(line.text, from: line.keywordEnd)
    reportDuplicateFlags(flags, of: .run, in: line)
    for flag in flags.all("mount") {
      let flagPlace = location(line, at: flag.lineOffset(ofTextIndex: flag.text.startIndex))
      guard flag.value != nil else {
        error("--mount needs a value", at: flagPlace, hint: "write --mount=type=…,… (with '=' after --mount)")
        continue
      }
      let options = MountOptions(flag)
      for field in options.bareFields {
        error(
          "invalid field '\(field.decoded)' in --mount: it must be a key=value pair", at: flagPlace,
          hint: "only readonly, ro, readwrite, rw and required stand alone")
      }
      var type = "bind"
      if let written = options.type {
        type = Expander(escape: escape, variables: stageVariables).expand(written.value).text.asciiLowercased()
      }
      guard let from = options.from, !from.value.isEmpty else { continue }
      let place = location(line, at: flag.lineOffset(ofTextIndex: from.valueIndex))
      if type == "secret" || type == "ssh" {
        error("a \(type) mount cannot have from=", at: place, hint: "remove from=, or use type=bind or type=cache")
        continue
      }
      if type == "tmpfs" { continue }
      let reference = from.value.decoded
      guard !rejectsVariables(reference, in: "RUN --mount from", at: place) else { continue }
      resolve(reference, kind: .mountFrom, at: place)
    }
  }

  /// `ENV` and `LABEL`: `name=value ...`, or the older `name value`; BuildKit refuses a name without a value.
  mutating func readNameValues(_ line: LogicalLine, keyword: Keyword) {
    let words = Words.quoted(line.text, from: line.keywordEnd, escape: escape)
    let spelling = keyword.spelling
    guard let first = words.first else {
      error("\(spelling) needs a name and a value", at: location(line), hint: "write \(spelling) NAME=value")
      return
    }
    guard line.text[first].contains(Byte.equals) else {
      if words.count < 2 {
        let name = line.text[first].decoded
        error(
          "\(spelling) \(name) has no value", at: location(line, at: first.lowerBound),
          hint: "write \(spelling) \(name)=value (\(spelling) \(name)= for an empty one)")
      }
      return
    }
    for word in words {
      let text = line.text[word]
      guard let equals = text.firstIndex(of: Byte.equals) else {
        error(
          "\(spelling) mixes name=value with '\(text.decoded)', which has no '='",
          at: location(line, at: word.lowerBound),
          hint: "write every pair as name=value")
        continue
      }
      if equals == word.lowerBound {
        error("\(spelling) has an empty name before '='", at: location(line, at: word.lowerBound))
      }
    }
  }

  /// Reports flags given twice where BuildKit allows one (`--mount` and `--exclude` may repeat).
  mutating func reportDuplicateFlags(_ flags: BuilderFlags, of keyword: Keyword, in line: LogicalLine) {
    var seen: Set<ArraySlice<UInt8>> = []
    for flag in flags.flags where !flag.isNamed("mount") && !flag.isNamed("exclude") {
      if !seen.insert(flag.name).inserted {
        error(
          "\(keyword.spelling) has --\(flag.name.decoded) twice",
          at: location(line, at: flag.lineOffset(ofTextIndex: flag.text.startIndex)),
          hint: "BuildKit refuses a repeated flag; keep one")
      }
    }
  }

  /// True (after reporting it) when a `--from` value holds a variable, which BuildKit would read as a name.
  private mutating func rejectsVariables(_ reference: String, in flag: String, at place: SourceLocation) -> Bool {
    guard reference.utf8.contains(Byte.dollar) else { return false }
    error(
      "\(flag)=\(reference): BuildKit does not expand variables here", at: place,
      hint:
        "declare the image in a stage of its own (ARG before the first FROM, then FROM ${VAR} AS name) and use its name"
    )
    return true
  }

  /// The value as a stage index when it is a decimal integer (with an optional sign), as Go's `Atoi` reads it.
  private static func stageIndexNumber(_ value: ArraySlice<UInt8>) -> Int? {
    var digits = value
    if let sign = digits.first, sign == Byte.minus || sign == Byte.plus { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.allSatisfy(Byte.isDigit) else { return nil }
    return Int(value.decoded)
  }

  /// Records a `--from` name as a read of an earlier stage (compared case-insensitively), or as an image use.
  private mutating func resolve(_ reference: String, kind: ImageUse.Kind, at place: SourceLocation) {
    guard let current = currentStage else { return }
    let key = reference.asciiLowercased()
    if let index = stageIndex(named: key) {
      if index == current {
        error("\(kind.rawValue)=\(reference) refers to the stage it is in", at: place)
      } else {
        recordRead(of: index)
      }
      return
    }
    if reference == "scratch" { return }
    result.imageUses.append(ImageUse(kind: kind, reference: reference, location: place, stageIndex: current))
    namedUses.append((result.imageUses.count - 1, key))
  }
}
