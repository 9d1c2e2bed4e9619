import Testing

@testable import GantryInputs

/// How each dialect decides single paths (the walk's folder rules are tested on trees).
@Suite struct MatchingTests {
  func excluded(_ path: String, by text: String, _ dialect: IgnoreDialect) throws -> Bool {
    let rules = try IgnoreRules(Array(text.utf8), file: ".dockerignore", dialect: dialect)
    switch dialect {
    case .docker2010: return rules.excludedClassic(Array(path.utf8))
    case .moby:
      // Walk down from the top, carrying parent results as the client does.
      var parent: [Bool] = []
      var result = false
      let parts = path.split(separator: "/")
      for end in 1...parts.count {
        (result, parent) = rules.excludedCarrying(Array(parts[0..<end].joined(separator: "/").utf8), parent: parent)
      }
      return result
    }
  }

  @Test(arguments: IgnoreDialect.allCases)
  func commonRules(_ dialect: IgnoreDialect) throws {
    #expect(try excluded("a/b/c.go", by: "**/*.go", dialect))
    #expect(try excluded("c.go", by: "**/*.go", dialect))
    #expect(try !excluded("a/c.go", by: "*.go", dialect))
    #expect(try excluded("a/b/c", by: "a", dialect))
    #expect(try excluded("x.txt", by: "?.txt", dialect))
    #expect(try !excluded("xy.txt", by: "?.txt", dialect))
    #expect(try excluded("!", by: "[!a]", dialect))
    #expect(try excluded("b", by: "[^a]", dialect))
    #expect(try !excluded("a", by: "[^a]", dialect))
    #expect(try excluded("x.y", by: "x.y", dialect))
    #expect(try !excluded("xzy", by: "x.y", dialect))
    #expect(try !excluded("a.txt", by: "../a.txt", dialect))
    #expect(try excluded("a/b", by: "a\n!a/c", dialect))
    #expect(try !excluded("a/c", by: "a\n!a/c", dialect))
  }

  @Test func docker2010PassesRegexOperatorsThrough() throws {
    #expect(try excluded("aab", by: "a+b", .docker2010))
    #expect(try !excluded("a+b", by: "a+b", .docker2010))
    #expect(try excluded("a+b", by: "a+b", .moby))
    #expect(try excluded("d9", by: "d\\d", .docker2010))
    #expect(try excluded("d9", by: "d\\d", .moby))
    // `^a|b$` is a search: anything starting with a or ending with b.
    #expect(try excluded("apple", by: "a|b", .docker2010))
    #expect(try excluded("x/bob", by: "a|b", .docker2010))
    #expect(try !excluded("apple", by: "a|b", .moby))
  }

  @Test func doubleStarNotBeforeSlash() throws {
    // buildx: a leading ** is a suffix comparison; 20.10 a regular expression.
    #expect(try excluded("bx.go", by: "**x.go", .moby))
    #expect(try !excluded("bx.go", by: "**x.go", .docker2010))
    #expect(try excluded("x.go", by: "**x.go", .docker2010))
  }

  @Test func docker2010ComparesOneParentPrefixOnly() throws {
    // `**/er` has two parts, so only the first two parts of the parent are tried.
    #expect(try !excluded("a/b/er/x", by: "**/er", .docker2010))
    #expect(try excluded("a/b/er/x", by: "**/er", .moby))
  }
}
