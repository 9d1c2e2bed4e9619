import GantryCore
import Testing

@testable import GantryLoad

/// One row of the `.env` table: file text and the value it gives `KEY`.
struct DotEnvCase: Sendable, CustomTestStringConvertible {
  let text: String
  let expected: String?

  var testDescription: String { text.replacingOccurrences(of: "\n", with: "⏎") }
}

@Suite struct ComposeDotEnvTests {
  static let cases: [DotEnvCase] = [
    DotEnvCase(text: "KEY=value", expected: "value"),
    DotEnvCase(text: "export KEY=value", expected: "value"),
    DotEnvCase(text: "  KEY = value  ", expected: "value"),
    DotEnvCase(text: "KEY: value", expected: "value"),
    DotEnvCase(text: "KEY=", expected: ""),
    DotEnvCase(text: "KEY=value # comment", expected: "value"),
    DotEnvCase(text: "KEY=value\t# comment", expected: "value"),
    DotEnvCase(text: "KEY=value# not a comment", expected: "value# not a comment"),
    DotEnvCase(text: "KEY= # only a comment", expected: ""),
    DotEnvCase(text: "KEY=a b  c", expected: "a b  c"),
    DotEnvCase(text: "KEY=\"value # not a comment\"", expected: "value # not a comment"),
    DotEnvCase(text: "KEY=\"value\" # comment", expected: "value"),
    DotEnvCase(text: "KEY=' spaced '", expected: " spaced "),
    DotEnvCase(text: "KEY='$OTHER'", expected: "$OTHER"),
    DotEnvCase(text: "KEY='${OTHER}'", expected: "${OTHER}"),
    DotEnvCase(text: "KEY='Let\\'s go!'", expected: "Let's go!"),
    DotEnvCase(text: "KEY='some\\tvalue'", expected: "some\\tvalue"),
    DotEnvCase(text: "KEY=\"some\\tvalue\"", expected: "some\tvalue"),
    DotEnvCase(text: "KEY=\"line\\nbreak\\r\"", expected: "line\nbreak\r"),
    DotEnvCase(text: "KEY=\"back\\\\slash \\\"quoted\\\"\"", expected: "back\\slash \"quoted\""),
    DotEnvCase(text: "KEY=\"{\\\"hello\\\": \\\"json\\\"}\"", expected: "{\"hello\": \"json\"}"),
    DotEnvCase(text: "KEY=some\\tvalue", expected: "some\\tvalue"),
    DotEnvCase(text: "KEY='first\nsecond'", expected: "first\nsecond"),
    DotEnvCase(text: "KEY=\"first\nsecond\"", expected: "first\nsecond"),
    DotEnvCase(text: "# KEY=commented out", expected: nil),
    DotEnvCase(text: "KEY=first\nKEY=second", expected: "second"),
    DotEnvCase(text: "KEY=windows\r\nOTHER=x", expected: "windows"),
    // Interpolation: unquoted and double-quoted values, earlier entries and the environment.
    DotEnvCase(text: "A=1\nKEY=${A}2", expected: "12"),
    DotEnvCase(text: "A=1\nKEY=\"$A-${A}\"", expected: "1-1"),
    DotEnvCase(text: "A=1\nKEY='$A'", expected: "$A"),
    DotEnvCase(text: "KEY=${FROM_ENV}", expected: "environment"),
    DotEnvCase(text: "KEY=${MISSING:-fallback}", expected: "fallback"),
    DotEnvCase(text: "KEY=$$literal", expected: "$literal"),
    // A bare name takes the environment's value; the environment wins over the file.
    DotEnvCase(text: "FROM_ENV", expected: nil),
    DotEnvCase(text: "KEY\nOTHER=1", expected: nil),
  ]

  @Test(arguments: cases)
  func parses(_ row: DotEnvCase) {
    let file = DotEnv.parse(row.text, file: ".env", environment: ["FROM_ENV": "environment"])
    #expect(file.diagnostics.filter { $0.severity == .error } == [])
    #expect(file.variables["KEY"] == row.expected)
  }

  @Test func bareNameTakesTheEnvironmentValue() {
    let file = DotEnv.parse("export FROM_ENV\nNOT_SET\n", file: ".env", environment: ["FROM_ENV": "environment"])
    #expect(file.variables == ["FROM_ENV": "environment"])
  }

  @Test func environmentWinsOverTheFileAndFeedsLaterValues() {
    let file = DotEnv.parse("TAG=1.0\nIMAGE=app:${TAG}\n", file: ".env", environment: ["TAG": "2.0"])
    #expect(file.variables == ["TAG": "2.0", "IMAGE": "app:2.0"])
  }

  @Test func unsetVariableIsAWarningAtTheValue() {
    let file = DotEnv.parse("# settings\nURL=http://${HOST}/\n", file: ".env", environment: [:])
    #expect(file.variables["URL"] == "http:///")
    #expect(file.diagnostics.map(\.severity) == [.warning])
    #expect(file.diagnostics.first?.location?.description == ".env:2:5")
  }

  @Test func requiredVariableIsAnErrorAtTheValue() {
    let file = DotEnv.parse("A=1\nB=\"${REGISTRY:?set the registry}\"\n", file: "app/.env", environment: [:])
    #expect(file.diagnostics.count == 1)
    let diagnostic = file.diagnostics.first
    #expect(diagnostic?.severity == .error)
    #expect(diagnostic?.message == "required variable REGISTRY is missing a value: set the registry")
    #expect(diagnostic?.location?.description == "app/.env:2:3")
  }

  @Test func invalidNameIsReportedAndTheRestIsRead() {
    let file = DotEnv.parse("GOOD=1\nBAD$NAME=2\nALSO_GOOD=3\n", file: ".env", environment: [:])
    #expect(file.variables == ["GOOD": "1", "ALSO_GOOD": "3"])
    #expect(file.diagnostics.map(\.message) == ["invalid variable name 'BAD$NAME' in .env"])
    #expect(file.diagnostics.first?.location?.description == ".env:2:1")
  }

  @Test func unterminatedQuoteIsReportedWhereItOpens() {
    let file = DotEnv.parse("A=1\nB='never closed\nC=3\n", file: ".env", environment: [:])
    #expect(file.variables == ["A": "1"])
    #expect(file.diagnostics.map(\.message) == ["unterminated quoted value in .env"])
    #expect(file.diagnostics.first?.location?.description == ".env:2:3")
  }

  @Test func textAfterAClosingQuoteIsAnError() {
    let file = DotEnv.parse("A=\"x\" y\n", file: ".env", environment: [:])
    #expect(file.diagnostics.map(\.message) == ["unexpected text after the closing quote"])
    #expect(file.diagnostics.first?.location?.description == ".env:1:7")
  }

  @Test func missingSeparatorIsAnError() {
    let file = DotEnv.parse("KEY value\n", file: ".env", environment: [:])
    #expect(file.diagnostics.map(\.message) == ["expected '=' after 'KEY'"])
    #expect(file.diagnostics.first?.location?.description == ".env:1:5")
  }
}
