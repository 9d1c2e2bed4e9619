import GantryCore
import GantryDockerfile
import GantryReport

/// The audit's result: findings sorted by service, file and line, the ignore-file proposals and
/// the problems that kept parts of the input from being read.
public struct AuditResult: Sendable {
  public var findings: [Finding]
  /// By service: what `--fix` would write to an ignore file.
  public var ignoreProposals: [String: IgnoreProposal]
  /// Input that could not be read (a missing context, an unreadable file): printed, exit 2.
  public var inputErrors: [Diagnostic]
  /// Problems in files that were read anyway (a Dockerfile line the parser rejects).
  public var warnings: [Diagnostic]

  public init(
    findings: [Finding] = [], ignoreProposals: [String: IgnoreProposal] = [:], inputErrors: [Diagnostic] = [],
    warnings: [Diagnostic] = []
  ) {
    self.findings = findings
    self.ignoreProposals = ignoreProposals
    self.inputErrors = inputErrors
    self.warnings = warnings
  }

  /// True when some finding reaches `level`.
  public func reaches(_ level: Severity) -> Bool { findings.contains { $0.severity >= level } }
}

/// Runs every Dockerfile check. Pure: the Dockerfile text comes in, findings go out.
public enum DockerfileAudit {
  /// - Parameter manifestsPresent: the manifest files of a package manager present in the source
  ///   copied (for the layer-order fix text); the tool's usual names when not known.
  public static func findings(
    _ dockerfile: AuditedDockerfile, manifestsPresent: (PackageManager) -> [String] = { _ in [] }
  ) -> [Finding] {
    let all =
      LayerOrderCheck.findings(dockerfile, manifestsPresent: manifestsPresent) + CacheMountCheck.findings(dockerfile)
      + MultiStageCheck.findings(dockerfile) + CrossCompileCheck.findings(dockerfile)
      + HygieneCheck.findings(dockerfile)
    return sorted(all)
  }

  /// By service, then file, line, column and rule.
  public static func sorted(_ findings: [Finding]) -> [Finding] {
    findings.sorted {
      ($0.service, $0.file, $0.line, $0.column, $0.rule) < ($1.service, $1.file, $1.line, $1.column, $1.rule)
    }
  }
}
