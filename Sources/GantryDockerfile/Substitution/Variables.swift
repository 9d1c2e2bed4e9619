/// The build arguments visible to one substitution, and which names must be left as written.
struct Variables {
  /// What a name looks up to.
  enum Lookup: Equatable {
    case value(String)
    /// Declared by an `ARG` without a default and not given as a build argument.
    case unset
    /// Never declared: expands to nothing, and Docker warns.
    case undeclared
    /// A platform argument (`BUILDPLATFORM`, `TARGETARCH`, …) whose value is only known at build time.
    case keepAsWritten
  }

  /// Arguments Docker sets from the build and target platforms; they are never given a value unless passed in.
  static let platformArguments: Set<String> = [
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
  ]

  /// Declared names mapped to their value, nil when declared without one.
  private(set) var declared: [String: String?] = [:]
  /// Values for names that need no declaration (platform arguments given as build arguments).
  private var implicit: [String: String] = [:]

  init(buildArgs: [String: String] = [:]) {
    for name in Self.platformArguments {
      if let value = buildArgs[name] { implicit[name] = value }
    }
  }

  /// Declares `name` with its value (nil for none).
  mutating func declare(_ name: String, value: String?) {
    declared[name] = .some(value)
  }

  /// True when an `ARG` declared `name`.
  func isDeclared(_ name: String) -> Bool { declared[name] != nil }

  func lookup(_ name: String) -> Lookup {
    if let entry = declared[name] {
      if let value = entry { return .value(value) }
      if let value = implicit[name] { return .value(value) }
      return Self.platformArguments.contains(name) ? .keepAsWritten : .unset
    }
    if let value = implicit[name] { return .value(value) }
    return Self.platformArguments.contains(name) ? .keepAsWritten : .undeclared
  }
}
