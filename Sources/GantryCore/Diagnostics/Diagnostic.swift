/// One problem found in the user's input, with where it is and how to fix it.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Severity: String, Sendable, Codable {
    case error, warning, note
  }

  public var severity: Severity
  public var location: SourceLocation?
  public var message: String
  /// What the user can do about it ("did you mean 'api'?").
  public var hint: String?

  public init(_ severity: Severity, _ message: String, at location: SourceLocation?, hint: String? = nil) {
    self.severity = severity
    self.message = message
    self.location = location
    self.hint = hint
  }

  public static func error(_ message: String, at location: SourceLocation?, hint: String? = nil) -> Diagnostic {
    Diagnostic(.error, message, at: location, hint: hint)
  }

  public static func warning(_ message: String, at location: SourceLocation?, hint: String? = nil) -> Diagnostic {
    Diagnostic(.warning, message, at: location, hint: hint)
  }

  /// `file:line:col: error: message` followed by an indented hint line, as compilers print them.
  public var description: String {
    var text = location.map { "\($0): " } ?? ""
    text += "\(severity.rawValue): \(message)"
    if let hint { text += "\n    hint: \(hint)" }
    return text
  }
}

/// Every problem found in one validation pass, thrown once so the user can fix them all together.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  public var description: String {
    let count = errors.count
    let lines = diagnostics.map(\.description)
    return (lines + ["\(count) error\(count == 1 ? "" : "s") found"]).joined(separator: "\n")
  }
}

/// Collects diagnostics while a whole input is checked, then throws them together.
public struct DiagnosticCollector: Sendable {
  public private(set) var diagnostics: [Diagnostic] = []
  /// What is already collected: the same problem at the same place is reported once.
  private var seen: Set<Diagnostic> = []

  public init() {}

  public private(set) var hasErrors = false

  public mutating func append(_ diagnostic: Diagnostic) {
    guard seen.insert(diagnostic).inserted else { return }
    diagnostics.append(diagnostic)
    if diagnostic.severity == .error { hasErrors = true }
  }

  public mutating func append(contentsOf other: [Diagnostic]) {
    for diagnostic in other { append(diagnostic) }
  }

  public mutating func error(_ message: String, at location: SourceLocation?, hint: String? = nil) {
    append(.error(message, at: location, hint: hint))
  }

  public mutating func warning(_ message: String, at location: SourceLocation?, hint: String? = nil) {
    append(.warning(message, at: location, hint: hint))
  }

  /// Throws a `DiagnosticsError` holding everything collected when any of it is an error.
  public func throwIfErrors() throws(DiagnosticsError) {
    if hasErrors { throw DiagnosticsError(diagnostics) }
  }

  /// Warnings only (call after `throwIfErrors`).
  public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
