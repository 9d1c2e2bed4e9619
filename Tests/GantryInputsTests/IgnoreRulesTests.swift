import GantryCore
import Testing

@testable import GantryInputs

@Suite struct IgnoreRulesTests {
  func rules(_ text: String, _ dialect: IgnoreDialect = .docker2010) throws -> IgnoreRules {
    try IgnoreRules(Array(text.utf8), file: ".dockerignore", dialect: dialect)
  }

  func patterns(_ text: String) throws -> [String] {
    try rules(text).patterns.map { ($0.isException ? "!" : "") + $0.string }
  }

  @Test func linesAreCleanedLikePaths() throws {
    #expect(try patterns("./src/\n/a.txt\n  b  \n!./keep/\nsrc/../..\n/") == ["src", "a.txt", "b", "!keep", "..", "/"])
  }

  @Test func onlyAHashInColumnOneIsAComment() throws {
    #expect(try patterns("#x\n #y\n\\#z") == ["#y", "\\#z"])
  }

  @Test func linesEndAtNewlineOnlyWithCarriageReturnDropped() throws {
    #expect(try patterns("a\r\nb\n") == ["a", "b"])
    #expect(try patterns("a\u{2028}b\u{85}c") == ["a\u{2028}b\u{85}c"])
  }

  @Test func byteOrderMarkIsRemovedFromTheFirstLineOnly() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a\n".utf8)
    let read = try IgnoreRules(bytes, file: ".dockerignore", dialect: .docker2010)
    #expect(read.patterns.map(\.string) == ["a"])
  }

  @Test func invalidUTF8StillApplies() throws {
    let bytes: [UInt8] = [0xFF, 0x0A] + Array("b.txt".utf8)
    let read = try IgnoreRules(bytes, file: ".dockerignore", dialect: .docker2010)
    #expect(read.patterns.count == 2)
    #expect(read.excludedClassic(Array("b.txt".utf8)))
  }

  @Test(arguments: [
    ("[abc", 1), ("a\n!", 2), ("!/", 1), ("a\\ ", 1), ("\\x", 1), ("a(", 1), ("a++", 1), ("a\u{01}b", 1),
    ("ok\n[b-a]", 2), ("x\na\rb", 2),
  ])
  func invalidPatternsAreErrorsAtTheirLine(_ text: String, _ line: Int) throws {
    #expect {
      _ = try rules(text)
    } throws: { error in
      guard let error = error as? DiagnosticsError, let first = error.errors.first else { return false }
      return first.location == SourceLocation(file: ".dockerignore", line: line) && first.hint != nil
    }
  }

  @Test func linesOf64KiBCannotBeRead() throws {
    #expect(try rules(String(repeating: "a", count: 65_535) + "\nb").patterns.count == 2)
    #expect(throws: DiagnosticsError.self) { try rules("b\n" + String(repeating: "a", count: 65_535) + "\r\n") }
  }

  @Test func everyInvalidLineIsReportedAtOnce() throws {
    #expect {
      _ = try rules("[a\nok\n!\n\\x")
    } throws: { error in
      (error as? DiagnosticsError)?.errors.compactMap(\.location?.line) == [1, 3, 4]
    }
  }

  @Test func regexOperatorsAreValidOnlyForBuildxWhenUnbalanced() throws {
    #expect(throws: DiagnosticsError.self) { try rules("a(", .docker2010) }
    #expect(try rules("a(", .moby).patterns.count == 1)
  }
}
