import GantryCore

/// What one Dockerfile declares: its stages and the external images it pulls in.
public struct Dockerfile: Sendable, Hashable {
  /// The escape character from the `# escape=` directive; `\` when there is none.
  public var escape: Character
  /// Parser directives found at the top of the file, keyed by lower-cased name (`syntax`, `escape`, `check`).
  public var directives: [String: String]
  /// `ARG` instructions before the first `FROM`, in file order.
  public var globalArgs: [ArgDeclaration]
  /// One stage per `FROM` instruction, in file order.
  public var stages: [Stage]
  /// External images referenced by `FROM`, `COPY --from` and `RUN --mount from=`, in file order; stage references are not included.
  public var imageUses: [ImageUse]
  /// Problems found while reading the file, ordered by location.
  public var diagnostics: [Diagnostic]
  /// What `COPY`, `ADD` and bind mounts read from the default context, in file order.
  public var contextSources: [ContextSource] = []
  /// `COPY --from` and `RUN --mount from=` values, in file order.
  public var stageReferences: [StageReference] = []

  public init(
    escape: Character = "\\", directives: [String: String] = [:], globalArgs: [ArgDeclaration] = [],
    stages: [Stage] = [], imageUses: [ImageUse] = [], diagnostics: [Diagnostic] = []
  ) {
    self.escape = escape
    self.directives = directives
    self.globalArgs = globalArgs
    self.stages = stages
    self.imageUses = imageUses
    self.diagnostics = diagnostics
  }

  /// The `# syntax=` directive's value, when present.
  public var syntax: String? { directives["syntax"] }

  /// The stage with this name (compared case-insensitively, as `--target` and `COPY --from` do),
  /// when there is one; the last of several with the name.
  public func stage(named name: String) -> Stage? {
    let key = name.lowercased()
    return stages.last { $0.name == key }
  }
}

/// One name declared by an `ARG` instruction (`ARG A B=2` declares two).
public struct ArgDeclaration: Sendable, Hashable {
  public var name: String
  /// The default after quote removal and substitution of earlier arguments; nil when none is written.
  public var defaultValue: String?
  /// The line of the `ARG` instruction.
  public var line: Int

  public init(name: String, defaultValue: String?, line: Int) {
    self.name = name
    self.defaultValue = defaultValue
    self.line = line
  }
}
