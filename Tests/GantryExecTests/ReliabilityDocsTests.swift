import Foundation
import Testing

@testable import GantryExec
import GantryReport

/// docs/reliability.md lists every classification rule, so the table cannot drift from the code.
@Suite struct ReliabilityDocsTests {
  @Test func everyRuleIsInTheDocs() throws {
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../docs/reliability.md").standardizedFileURL
    let text = try String(contentsOf: docs, encoding: .utf8)
    for pattern in FailurePatterns.all {
      #expect(text.contains("| `\(pattern.needle)` |"), "docs/reliability.md lacks '\(pattern.needle)'")
    }
  }
}
