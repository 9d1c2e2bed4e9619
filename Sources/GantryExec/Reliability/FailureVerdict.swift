import GantryReport

/// One rule of the classification: text to find in a failed build's output, and what it means.
public struct FailurePattern: Sendable, Hashable {
  public var needle: String
  public var failureClass: FailureClass
  /// Why the text means that, for the table in the docs.
  public var meaning: String

  public init(_ needle: String, _ failureClass: FailureClass, _ meaning: String) {
    self.needle = needle
    self.failureClass = failureClass
    self.meaning = meaning
  }
}

/// The verdict on one failed attempt: its class and the log line that decided it.
public struct FailureVerdict: Sendable, Hashable, Codable {
  public var failureClass: FailureClass
  /// The pattern that matched, nil when none did (then the class is permanent).
  public var pattern: String?
  /// The log line where the pattern was found.
  public var line: String?
}
