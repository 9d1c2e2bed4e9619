import GantryCore

/// A path an instruction reads from the default build context (`COPY`/`ADD` without `--from`, and
/// `RUN --mount=type=bind` without `from=`).
public struct ContextSource: Sendable, Hashable {
  public enum Instruction: String, Sendable, Hashable {
    case copy = "COPY"
    case add = "ADD"
    case bindMount = "RUN --mount=type=bind"
  }

  public var instruction: Instruction
  /// The stage the instruction is in.
  public var stageIndex: Int
  /// The source as written.
  public var written: String
  /// The path relative to the context (cleaned, no leading `/`) when it is written as a plain
  /// path; nil when it could read anything: variables, wildcards, quotes or escapes, `..`, or the
  /// whole context (`.`).
  public var literalPath: String?
  public var location: SourceLocation

  public init(
    instruction: Instruction, stageIndex: Int, written: String, literalPath: String?, location: SourceLocation
  ) {
    self.instruction = instruction
    self.stageIndex = stageIndex
    self.written = written
    self.literalPath = literalPath
    self.location = location
  }
}

/// A `COPY --from=` or `RUN --mount from=` value as written: a stage name or index, or an image.
public struct StageReference: Sendable, Hashable {
  /// The stage the reference is in.
  public var stageIndex: Int
  public var written: String

  public init(stageIndex: Int, written: String) {
    self.stageIndex = stageIndex
    self.written = written
  }
}

extension Dockerfile {
  /// The stages a build of `target` (the last stage when nil) runs: the target and every stage it
  /// reaches through `FROM <stage>`, `COPY --from` and `RUN --mount from=`. Nil when that cannot be
  /// told (an unknown target, or a reference holding a variable).
  public func stagesBuilt(target: String?) -> Set<Int>? {
    guard !stages.isEmpty else { return nil }
    let start: Int
    if let target {
      guard let stage = stage(named: target) else { return nil }
      start = stage.index
    } else {
      start = stages.count - 1
    }
    var built: Set<Int> = []
    var work = [start]
    while let index = work.popLast() {
      guard built.insert(index).inserted else { continue }
      let stage = stages[index]
      if stage.baseIsStage {
        guard let base = self.stage(named: stage.base) ?? Int(stage.base).map({ stages[$0] }) else { return nil }
        work.append(base.index)
      }
      for reference in stageReferences where reference.stageIndex == index {
        if reference.written.contains("$") { return nil }
        if let named = self.stage(named: reference.written), named.index < index {
          work.append(named.index)
        } else if let number = Int(reference.written), number >= 0, number < index {
          work.append(number)
        }
        // Otherwise an image: nothing more from this file.
      }
    }
    return built
  }
}
