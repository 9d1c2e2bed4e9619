import Foundation
import GantryCore
import Testing

@testable import GantryLoad

/// Unquoted numbers in `args` and `labels` become the text compose v2 passes (Go's yaml.v3, then
/// `fmt.Sprint`); where compose v1 differs, the comment says how.
@Suite struct ComposeNumberTests {
  @Test(arguments: [
    ("1.50", "1.5"),  // v1: 1.5 too
    ("0755", "493"),  // YAML 1.1 octal; v1: 493 too
    ("010", "8"),
    ("0x1F", "31"),
    ("1_000", "1000"),
    ("-0", "0"),
    ("1e3", "1000"),  // v1 keeps 1e3 (YAML 1.1 floats need a dot)
    ("1.0", "1"),  // v1: 1.0
    ("0o17", "15"),  // v1 keeps 0o17
    ("1000000.0", "1e+06"),  // v1: 1000000.0
    ("0.00001", "1e-05"),
    ("123456.5", "123456.5"),
    ("-2.5E-3", "-0.0025"),
    ("True", "true"),  // v1: True
    ("1.2.3", "1.2.3"),
    ("v1.50", "v1.50"),
    ("08", "8"),  // not octal, so yaml.v3 reads a float; v1 keeps 08
    ("12:30", "12:30"),
  ])
  func plainScalars(written: String, passed: String) {
    #expect(ComposeScalar.text(ofPlain: written) == passed)
  }

  @Test func argsAndLabelsUseTheNumberButQuotedValuesStayAsWritten() throws {
    let scratch = try ComposeScratch([
      "app/Dockerfile": "FROM alpine:3.20\n",
      "compose.yaml": """
      services:
        app:
          build:
            context: ./app
            args:
              VERSION: 1.50
              MODE: 0755
              QUOTED: "1.50"
              TAGGED: !!str 0755
            labels:
              version: 1.10
      """,
    ])
    let app = try #require(try scratch.load().service(named: "app"))
    #expect(app.args == ["VERSION": "1.5", "MODE": "493", "QUOTED": "1.50", "TAGGED": "0755"])
    #expect(app.labels == ["version": "1.1"])
  }

  @Test func listFormValuesAreStrings() throws {
    let scratch = try ComposeScratch([
      "app/Dockerfile": "FROM alpine:3.20\n",
      "compose.yaml": "services:\n  app:\n    build:\n      context: ./app\n      args: [VERSION=1.50]\n",
    ])
    #expect(try scratch.load().service(named: "app")?.args == ["VERSION": "1.50"])
  }
}
