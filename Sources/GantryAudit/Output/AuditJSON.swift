import Foundation

/// `gantry audit --format json`: `{"findings": […], "summary": {…}}`, keys sorted.
public enum AuditJSON {
  struct Document: Encodable {
    var findings: [Finding]
    var summary: Summary
  }

  struct Summary: Encodable {
    var total: Int
    var errors: Int
    var warnings: Int
    var notes: Int
    var services: [String]
    var byRule: [String: Int]
    var context: [ContextFigures]

    enum CodingKeys: String, CodingKey {
      case total, errors, warnings, notes, services, context
      case byRule = "by_rule"
    }
  }

  struct ContextFigures: Encodable {
    var service: String
    var ignoreFile: String
    var lines: [String]
    var filesBefore: Int
    var bytesBefore: Int64
    var filesAfter: Int
    var bytesAfter: Int64

    enum CodingKeys: String, CodingKey {
      case service, lines
      case ignoreFile = "ignore_file"
      case filesBefore = "files_before"
      case bytesBefore = "bytes_before"
      case filesAfter = "files_after"
      case bytesAfter = "bytes_after"
    }
  }

  /// - Parameter display: shows an absolute path relative to the manifest's folder.
  public static func render(_ result: AuditResult, services: [String], display: (String) -> String) throws -> String {
    let findings = result.findings
    let summary = Summary(
      total: findings.count, errors: findings.filter { $0.severity == .error }.count,
      warnings: findings.filter { $0.severity == .warning }.count,
      notes: findings.filter { $0.severity == .note }.count, services: services,
      byRule: Dictionary(grouping: findings, by: \.rule).mapValues(\.count),
      context: result.ignoreProposals.sorted { $0.key < $1.key }.map { service, proposal in
        ContextFigures(
          service: service, ignoreFile: display(proposal.file), lines: proposal.lines,
          filesBefore: proposal.filesBefore, bytesBefore: proposal.bytesBefore, filesAfter: proposal.filesAfter,
          bytesAfter: proposal.bytesAfter)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(Document(findings: findings, summary: summary)), as: UTF8.self) + "\n"
  }
}
