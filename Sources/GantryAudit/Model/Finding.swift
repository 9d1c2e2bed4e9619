import GantryCore

/// How much a finding matters. Ordered: `note < warning < error`.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case note, warning, error

  private var rank: Int {
    switch self {
    case .note: 0
    case .warning: 1
    case .error: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem at one place: what, why it costs build time or size, and the fix.
public struct Finding: Sendable, Hashable, Codable {
  /// The rule's stable id, e.g. `layer-order`.
  public var rule: String
  public var severity: Severity
  public var service: String
  /// Relative to the manifest's folder.
  public var file: String
  public var line: Int
  public var column: Int
  /// One line.
  public var message: String
  /// What was seen: the instruction text, the files and bytes, the history figures.
  public var evidence: String
  /// What to change, often the lines to write.
  public var fix: String

  public init(
    rule: RuleID, severity: Severity? = nil, service: String, location: SourceLocation, message: String,
    evidence: String, fix: String
  ) {
    self.rule = rule.rawValue
    self.severity = severity ?? rule.rule.severity
    self.service = service
    self.file = location.file
    self.line = max(location.line, 1)
    self.column = max(location.column, 1)
    self.message = message
    self.evidence = evidence
    self.fix = fix
  }

  public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }
}
