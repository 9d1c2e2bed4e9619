import Foundation

/// `gantry audit --format sarif`: SARIF 2.1.0 for GitHub code scanning. Every rule is listed with
/// its help; each result points at `file` (relative to the manifest's folder, under `%SRCROOT%`).
public enum AuditSARIF {
  public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

  struct Log: Encodable {
    var schema = AuditSARIF.schema
    var version = "2.1.0"
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
      case schema = "$schema"
      case version, runs
    }
  }

  struct Run: Encodable {
    var tool: Tool
    var results: [Result]
    var columnKind = "unicodeCodePoints"
  }

  struct Tool: Encodable { var driver: Driver }

  struct Driver: Encodable {
    var name = "gantry"
    var version: String
    var rules: [RuleDescriptor]
  }

  struct Text: Encodable { var text: String }

  struct Help: Encodable {
    var text: String
    var markdown: String
  }

  struct Configuration: Encodable { var level: String }

  struct RuleProperties: Encodable {
    var tags: [String]
    var category: String
  }

  struct RuleDescriptor: Encodable {
    var id: String
    var name: String
    var shortDescription: Text
    var fullDescription: Text
    var help: Help
    var defaultConfiguration: Configuration
    var properties: RuleProperties
  }

  struct Result: Encodable {
    var ruleId: String
    var ruleIndex: Int
    var level: String
    var message: Text
    var locations: [Location]
    var partialFingerprints: [String: String]
    var properties: ResultProperties
  }

  struct ResultProperties: Encodable {
    var service: String
    var evidence: String
    var fix: String
  }

  struct Location: Encodable { var physicalLocation: PhysicalLocation }

  struct PhysicalLocation: Encodable {
    var artifactLocation: ArtifactLocation
    var region: Region
  }

  struct ArtifactLocation: Encodable {
    var uri: String
    var uriBaseId = "%SRCROOT%"
  }

  struct Region: Encodable {
    var startLine: Int
    var startColumn: Int
  }

  public static func render(_ findings: [Finding], version: String) throws -> String {
    let rules = RuleCatalog.all
    let descriptors = rules.map { rule in
      RuleDescriptor(
        id: rule.id.rawValue, name: name(rule.id.rawValue), shortDescription: Text(text: rule.summary),
        fullDescription: Text(text: rule.help),
        help: Help(
          text: rule.summary + "\n\n" + rule.help + "\n\nSee docs/audit.md#\(rule.id.rawValue) in gantry.",
          markdown: "**\(rule.summary)**\n\n\(rule.help)\n\nSee `docs/audit.md#\(rule.id.rawValue)` in gantry."),
        defaultConfiguration: Configuration(level: rule.severity.rawValue),
        properties: RuleProperties(
          tags: ["build-performance", rule.category.rawValue], category: rule.category.rawValue))
    }
    let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($0.element.id.rawValue, $0.offset) })
    let results = findings.map { finding in
      Result(
        ruleId: finding.rule, ruleIndex: index[finding.rule] ?? 0, level: finding.severity.rawValue,
        message: Text(text: finding.message + "\nFix: " + finding.fix),
        locations: [
          Location(
            physicalLocation: PhysicalLocation(
              artifactLocation: ArtifactLocation(uri: uri(finding.file)),
              region: Region(startLine: finding.line, startColumn: finding.column)))
        ],
        partialFingerprints: ["gantryFinding/v1": "\(finding.rule):\(finding.service):\(finding.file):\(finding.line)"],
        properties: ResultProperties(service: finding.service, evidence: finding.evidence, fix: finding.fix))
    }
    let log = Log(runs: [Run(tool: Tool(driver: Driver(version: version, rules: descriptors)), results: results)])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(log), as: UTF8.self) + "\n"
  }

  /// `layer-order` → `LayerOrder`, SARIF's suggested rule name style.
  static func name(_ id: String) -> String {
    id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// A relative URI: path segments percent-encoded, `/` kept.
  static func uri(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: ":")
    return path.split(separator: "/", omittingEmptySubsequences: false).map {
      String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0)
    }.joined(separator: "/")
  }
}
