/// `gantry audit` text: findings grouped by service, each at `file:line:column`, then totals.
public enum AuditText {
  public static func render(_ result: AuditResult, services: [String]) -> String {
    var lines: [String] = []
    let byService = Dictionary(grouping: result.findings, by: \.service)
    for service in services {
      let findings = byService[service] ?? []
      lines.append("\(service): \(count(findings.count, "finding"))")
      for finding in findings {
        lines.append(
          "  \(finding.file):\(finding.line):\(finding.column): \(finding.severity.rawValue): [\(finding.rule)] \(finding.message)"
        )
        for line in finding.evidence.split(separator: "\n") { lines.append("      \(line)") }
        let fix = finding.fix.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = fix.first { lines.append("    fix: \(first)") }
        for line in fix.dropFirst() { lines.append("      \(line)") }
      }
    }
    let errors = result.findings.filter { $0.severity == .error }.count
    let warnings = result.findings.filter { $0.severity == .warning }.count
    let notes = result.findings.filter { $0.severity == .note }.count
    lines.append(
      "\(count(result.findings.count, "finding")) in \(count(services.count, "service")): \(count(errors, "error")), \(count(warnings, "warning")), \(count(notes, "note"))"
    )
    return lines.joined(separator: "\n") + "\n"
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
