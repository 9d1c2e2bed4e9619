/// The build arguments visible to one substitution, in small arrays searched from the latest declaration.
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
  static let platformArguments = [
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
  ]

  /// Declared names with their value (nil when declared without one), in declaration order.
  private var declared: [(name: String, value: String?)] = []
  /// Values for names that need no declaration (platform arguments given as build arguments).
  private var implicit: [(name: String, value: String)] = []

  init(buildArgs: [String: String] = [:]) {
    for (name, value) in buildArgs where Self.platformArguments.contains(name) {
      implicit.append((name, value))
    }
  }

  /// Declares `name` with its value (nil for none); a later declaration hides an earlier one.
  mutating func declare(_ name: String, value: String?) {
    declared.append((name, value))
  }

  func lookup(_ name: String) -> Lookup {
    let implicitValue = implicit.first { $0.name == name }?.value
    if let entry = declared.last(where: { $0.name == name }) {
      if let value = entry.value ?? implicitValue { return .value(value) }
      return Self.platformArguments.contains(name) ? .keepAsWritten : .unset
    }
    if let implicitValue { return .value(implicitValue) }
    return Self.platformArguments.contains(name) ? .keepAsWritten : .undeclared
  }
}
