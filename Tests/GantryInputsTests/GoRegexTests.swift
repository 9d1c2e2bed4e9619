import Testing

@testable import GantryInputs

/// Go's regexp syntax and MatchString semantics, which Docker's ignore patterns inherit.
@Suite struct GoRegexTests {
  func matches(_ expression: String, _ text: String) throws -> Bool {
    try GoRegex(scalars: expression.unicodeScalars.map(\.value)).matches(Array(text.utf8))
  }

  func rejects(_ expression: String) -> Bool {
    (try? GoRegex(scalars: expression.unicodeScalars.map(\.value))) == nil
  }

  @Test func searchesUnanchoredUnlessAnchored() throws {
    #expect(try matches("b", "abc"))
    #expect(try !matches("^b", "abc"))
    #expect(try !matches("b$", "abc"))
    #expect(try matches("^a|c$", "xxc"))
  }

  @Test func bracesAreLiteralWhenNotARepeat() throws {
    #expect(try matches("^a{b}$", "a{b}"))
    #expect(try matches("^a{2}$", "aa"))
    #expect(try matches("^a{,2}$", "a{,2}"))
    #expect(try matches("^a{01}$", "a{01}"))
    #expect(rejects("a{1001}"))
    #expect(rejects("a{2,1}"))
  }

  @Test func repetitionRules() throws {
    #expect(rejects("a**"))
    #expect(rejects("a++"))
    #expect(try matches("^a+?$", "aa"))
    #expect(rejects("(*)"))
    #expect(rejects("|*"))
    #expect(try matches("^*a", "a"))  // Go repeats the empty-width ^
  }

  @Test func escapesAndClasses() throws {
    #expect(try matches("^\\d\\w\\s$", "1_ "))
    #expect(try !matches("^\\d$", "٣"))  // ASCII digits only
    #expect(try matches("^\\x41\\x{42}\\101$", "ABA"))
    #expect(rejects("\\1"))
    #expect(rejects("\\q"))
    #expect(rejects("\\é"))
    #expect(try matches("^[[:alpha:]]+$", "abc"))
    #expect(rejects("[[:nope:]]"))
    // `[[^/]` is the class {[, ^, /}, then `*`, then a literal `]`.
    #expect(try matches("^[[^/]*]$", "[^/]"))
    #expect(try !matches("^[[^/]*]$", "[x]"))
    #expect(try matches("^[^a]$", "\n"))
    #expect(try !matches("^.$", "\n"))
    #expect(rejects("[b-a]"))
    #expect(rejects("[a"))
    #expect(try matches("^\\Qa.b\\E$", "a.b"))
    #expect(try !matches("^\\Qa.b\\E$", "axb"))
  }

  @Test func wordBoundaries() throws {
    #expect(try matches("\\bfoo\\b", "a foo b"))
    #expect(try !matches("\\bfoo\\b", "afoob"))
  }

  @Test func invalidUTF8InTextIsReplacementCharacters() throws {
    let regex = try GoRegex(scalars: [0x5E, 0xFFFD, 0x24])
    #expect(regex.matches([0xFF]))
    #expect(!regex.matches([0xFF, 0xFF]))
  }

  @Test func unsupportedConstructsAreReportedNotGuessed() {
    #expect(throws: GoRegexError(message: "Unicode classes (\\p) are not evaluated", unsupported: true)) {
      try GoRegex(scalars: "\\pL".unicodeScalars.map(\.value))
    }
  }
}
