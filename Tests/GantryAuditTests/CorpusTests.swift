import Foundation
import GantryAudit
import Testing

/// One Dockerfile of the corpus: `Corpus/<rule>/pos-*.Dockerfile` lists the findings of its folder's
/// rule it must give (`# expect <rule> <line>`, once per finding); `neg-*.Dockerfile` must give none.
/// `# audit: platforms=a,b target=name` sets the service's build settings.
struct CorpusCase: CustomTestStringConvertible, Sendable {
  var rule: String
  var name: String
  var path: String

  var testDescription: String { "\(rule)/\(name)" }

  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus").path

  static var all: [CorpusCase] {
    let fm = FileManager.default
    var cases: [CorpusCase] = []
    for rule in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
      for name in ((try? fm.contentsOfDirectory(atPath: folder + "/" + rule)) ?? []).sorted()
      where name.hasSuffix(".Dockerfile") {
        cases.append(CorpusCase(rule: rule, name: name, path: folder + "/" + rule + "/" + name))
      }
    }
    return cases
  }

  var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

  /// The expected lines of findings of `rule`, sorted.
  var expectedLines: [Int] {
    text.split(separator: "\n").compactMap { line -> Int? in
      let words = line.split(separator: " ")
      guard words.count == 4, words[0] == "#", words[1] == "expect", String(words[2]) == rule else { return nil }
      return Int(words[3])
    }.sorted()
  }

  var settings: (platforms: [String], target: String?) {
    var platforms: [String] = []
    var target: String?
    for line in text.split(separator: "\n") where line.hasPrefix("# audit:") {
      for field in line.dropFirst("# audit:".count).split(separator: " ") {
        let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        if parts[0] == "platforms" { platforms = parts[1].split(separator: ",").map(String.init) }
        if parts[0] == "target" { target = parts[1] }
      }
    }
    return (platforms, target)
  }

  func findings() -> [Finding] {
    let settings = settings
    let dockerfile = AuditedDockerfile(
      service: "svc", file: "\(rule)/\(name)", text: text, target: settings.target, platforms: settings.platforms,
      nativePlatform: "linux/amd64")
    return DockerfileAudit.findings(dockerfile)
  }
}

@Suite struct AuditCorpusTests {
  @Test(arguments: CorpusCase.all)
  func corpusCaseGivesExactlyTheExpectedFindings(_ testCase: CorpusCase) {
    let lines = testCase.findings().filter { $0.rule == testCase.rule }.map(\.line).sorted()
    if testCase.name.hasPrefix("pos-") {
      #expect(!testCase.expectedLines.isEmpty, "a positive case names its expected findings")
      #expect(lines == testCase.expectedLines, "\(testCase.findings().map { "\($0.line) \($0.rule): \($0.message)" })")
    } else {
      #expect(
        lines.isEmpty, "\(testCase.findings().filter { $0.rule == testCase.rule }.map { "\($0.line): \($0.message)" })")
    }
  }

  @Test func everyDockerfileRuleHasPositiveAndNegativeCases() {
    let dockerfileRules = RuleCatalog.all.filter { ![.context, .history].contains($0.category) }.map(\.id.rawValue)
    let cases = CorpusCase.all
    for rule in dockerfileRules {
      #expect(cases.contains { $0.rule == rule && $0.name.hasPrefix("pos-") }, "no positive case for \(rule)")
      #expect(cases.contains { $0.rule == rule && $0.name.hasPrefix("neg-") }, "no negative case for \(rule)")
    }
  }

  @Test func findingsCarryTheFileColumnMessageAndFix() throws {
    let text = "FROM node:20\nWORKDIR /app\n  COPY . .\nRUN npm ci\n"
    let finding = try #require(
      DockerfileAudit.findings(AuditedDockerfile(service: "web", file: "web/Dockerfile", text: text)).first {
        $0.rule == "layer-order"
      })
    #expect(finding.file == "web/Dockerfile")
    #expect((finding.line, finding.column) == (3, 3))
    #expect(finding.severity == .warning)
    #expect(finding.fix.contains("COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . ."))
  }
}
