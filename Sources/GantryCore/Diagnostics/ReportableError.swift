/// The exit statuses of the command line (docs/commands.md).
public enum ExitStatus: Int32, Sendable {
  case success = 0
  /// A build failed, or an engine gantry needs is down.
  case buildFailed = 1
  /// Bad input or usage: nothing a retry can fix.
  case badInput = 2
  case interrupted = 130
}

/// An error a user can act on: shown as diagnostics (`file:line:col: error: …` and a hint), and
/// standing for an exit status. Every such error of every module takes this one path to the user.
public protocol ReportableError: Error, Sendable {
  var diagnostics: [Diagnostic] { get }
  /// Bad input unless the error says otherwise.
  var exitStatus: ExitStatus { get }
  /// The text printed for it: the diagnostics, one after the other.
  var rendered: String { get }
}

extension ReportableError {
  public var exitStatus: ExitStatus { .badInput }

  public var rendered: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Diagnostic: ReportableError {
  public var diagnostics: [Diagnostic] { [self] }
}

extension DiagnosticsError: ReportableError {
  /// With a last line counting the errors.
  public var rendered: String { description }
}
