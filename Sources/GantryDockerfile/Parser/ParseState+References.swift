import GantryCore

extension ParseState {
  /// `COPY --from=<stage|index|image>`.
  mutating func readCopy(_ line: LogicalLine) {
    let flags = BuilderFlags(line.text, from: line.keywordEnd)
    guard let flag = flags.last("from"), let value = flag.value, !value.isEmpty else { return }
    let offset = flag.lineOffset(ofTextIndex: value.startIndex)
    resolve(value, kind: .copyFrom, in: line, at: offset)
  }

  /// `RUN --mount=type=bind|cache,from=<stage|image>,...`, any number of mounts.
  mutating func readRun(_ line: LogicalLine) {
    let flags = BuilderFlags(line.text, from: line.keywordEnd)
    for flag in flags.all("mount") {
      let options = MountOptions(flag)
      if let type = options.type {
        let expanded = Expander(escape: escape, variables: stageVariables).expand(type.value).text
        if expanded.asciiLowercased() == "tmpfs" { continue }
      }
      guard let from = options.from, !from.value.isEmpty else { continue }
      resolve(from.value, kind: .mountFrom, in: line, at: flag.lineOffset(ofTextIndex: from.valueIndex))
    }
  }

  /// Records a `--from` value as an image use unless it names an earlier stage (or, for `COPY`, its index).
  private mutating func resolve(_ written: ArraySlice<UInt8>, kind: ImageUse.Kind, in line: LogicalLine, at offset: Int)
  {
    guard let current = currentStage else { return }
    let place = location(line, at: offset)
    let expansion = Expander(escape: escape, variables: stageVariables).expand(written)
    if let message = expansion.error {
      error("\(kind.rawValue)=\(written.decoded): \(message)", at: place)
    }
    if !expansion.bytes.elementsEqual(written), written.contains(Byte.dollar) {
      // BuildKit refuses these; the substituted value is still reported so the image is not missed.
      let written = kind == .copyFrom ? "COPY --from" : "RUN --mount from="
      warning(
        "BuildKit does not expand variables in \(written)", at: place,
        hint: "declare the image in a stage of its own (FROM ${VAR} AS name, with a global ARG) and use its name")
    }
    let reference = expansion.text
    guard !reference.isEmpty else { return }
    if kind == .copyFrom, reference.utf8.allSatisfy(Byte.isDigit) {
      if let index = Int(reference), index < current { return }
      error(
        "COPY --from=\(reference) refers to stage \(reference), which is not defined before this one", at: place,
        hint: current == 0 ? "this is the first stage" : "use an index from 0 to \(current - 1), or a stage name")
      return
    }
    let key = reference.asciiLowercased()
    if let index = stageIndex(named: key) {
      if index == current { error("\(kind.rawValue)=\(reference) refers to the stage it is in", at: place) }
      return
    }
    if reference == "scratch" { return }
    result.imageUses.append(ImageUse(kind: kind, reference: reference, location: place, stageIndex: current))
    namedUses.append((result.imageUses.count - 1, key))
  }
}
