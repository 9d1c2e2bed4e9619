/// The build arguments visible to one substitution: a global scope (before the first `FROM`, and
/// every `FROM` line) or one stage's scope.
struct Variables {
  /// What a name looks up to.
  enum Lookup: Equatable {
    case value(String)
    /// Declared by an `ARG` without a default and not given as a build argument.
    case unset
    /// Never declared: expands to nothing, and Docker warns.
    case undeclared
    /// An automatic platform argument (`BUILDPLATFORM`, `TARGETARCH`, …) whose value is not known here.
    case keepAsWritten
  }

  /// Arguments BuildKit sets from the build and target platforms.
  static let platformArguments: Set<String> = [
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
  ]

  /// Every argument BuildKit defines itself: the platform arguments and `TARGETSTAGE`.
  static let automaticArguments: Set<String> = platformArguments.union(["TARGETSTAGE"])

  /// Declared names with their value (nil when declared without one); a later declaration replaces an earlier one.
  private var declared: [String: String?] = [:]
  /// Values of automatic arguments known for this build.
  private let automatic: [String: String]
  /// True for the global scope, where automatic arguments need no declaration.
  private let seesAutomatic: Bool

  /// - Parameters:
  ///   - automatic: the automatic arguments' values known for this build (others stay as written).
  ///   - seesAutomatic: true for the global scope; a stage sees an automatic argument only after `ARG NAME`.
  init(automatic: [String: String] = [:], seesAutomatic: Bool = true) {
    self.automatic = automatic
    self.seesAutomatic = seesAutomatic
  }

  /// A fresh stage scope sharing this scope's automatic values.
  func stageScope() -> Variables {
    Variables(automatic: automatic, seesAutomatic: false)
  }

  /// Declares `name` with its value (nil for none); a later declaration hides an earlier one.
  mutating func declare(_ name: String, value: String?) {
    declared[name] = .some(value)
  }

  /// - Complexity: O(1) on average.
  func lookup(_ name: String) -> Lookup {
    if let entry = declared[name] {
      if let value = entry ?? automatic[name] { return .value(value) }
      return Self.automaticArguments.contains(name) ? .keepAsWritten : .unset
    }
    guard seesAutomatic, Self.automaticArguments.contains(name) else { return .undeclared }
    return automatic[name].map(Lookup.value) ?? .keepAsWritten
  }
}
