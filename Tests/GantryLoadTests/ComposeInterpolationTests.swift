import Testing

@testable import GantryLoad

/// One row of the interpolation table: a value and what it expands to.
struct InterpolationCase: Sendable, CustomTestStringConvertible {
  let input: String
  let expected: String
  var unset: [String] = []

  var testDescription: String { "\(input) → \(expected)" }
}

/// One row of the failure table: a value and why it cannot be expanded.
struct InterpolationFailureCase: Sendable, CustomTestStringConvertible {
  let input: String
  let expected: Interpolation.Failure

  var testDescription: String { input }
}

@Suite struct ComposeInterpolationTests {
  static let variables = ["VAR": "value", "EMPTY": "", "OTHER": "other", "PORT": "8080"]

  static let expansions: [InterpolationCase] = [
    InterpolationCase(input: "plain text", expected: "plain text"),
    InterpolationCase(input: "$VAR", expected: "value"),
    InterpolationCase(input: "${VAR}", expected: "value"),
    InterpolationCase(input: "pre-${VAR}-post", expected: "pre-value-post"),
    InterpolationCase(input: "$VAR/$OTHER", expected: "value/other"),
    InterpolationCase(input: "${VAR}${OTHER}", expected: "valueother"),
    InterpolationCase(input: "$VAR_suffix", expected: "", unset: ["VAR_suffix"]),
    InterpolationCase(input: "$VAR.suffix", expected: "value.suffix"),
    InterpolationCase(input: "${UNSET}", expected: "", unset: ["UNSET"]),
    InterpolationCase(input: "a $UNSET b ${UNSET}", expected: "a  b ", unset: ["UNSET"]),
    InterpolationCase(input: "${EMPTY}", expected: ""),
    // ${VAR:-default}: unset or empty take the default.
    InterpolationCase(input: "${VAR:-default}", expected: "value"),
    InterpolationCase(input: "${EMPTY:-default}", expected: "default"),
    InterpolationCase(input: "${UNSET:-default}", expected: "default"),
    // ${VAR-default}: only unset takes the default.
    InterpolationCase(input: "${VAR-default}", expected: "value"),
    InterpolationCase(input: "${EMPTY-default}", expected: ""),
    InterpolationCase(input: "${UNSET-default}", expected: "default"),
    InterpolationCase(input: "${UNSET:-}", expected: ""),
    // ${VAR:+replacement} and ${VAR+replacement}.
    InterpolationCase(input: "${VAR:+replacement}", expected: "replacement"),
    InterpolationCase(input: "${EMPTY:+replacement}", expected: ""),
    InterpolationCase(input: "${UNSET:+replacement}", expected: ""),
    InterpolationCase(input: "${VAR+replacement}", expected: "replacement"),
    InterpolationCase(input: "${EMPTY+replacement}", expected: "replacement"),
    InterpolationCase(input: "${UNSET+replacement}", expected: ""),
    // Required values that are present.
    InterpolationCase(input: "${VAR:?must be set}", expected: "value"),
    InterpolationCase(input: "${VAR?must be set}", expected: "value"),
    InterpolationCase(input: "${EMPTY?must be set}", expected: ""),
    // $$ is a literal dollar and stops interpolation.
    InterpolationCase(input: "$$VAR", expected: "$VAR"),
    InterpolationCase(input: "$${VAR}", expected: "${VAR}"),
    InterpolationCase(input: "price: 5$$", expected: "price: 5$"),
    InterpolationCase(input: "$$$VAR", expected: "$value"),
    // A dollar that starts no expression is kept.
    InterpolationCase(input: "cost: 5$", expected: "cost: 5$"),
    InterpolationCase(input: "$1 and $-", expected: "$1 and $-"),
    // Nesting.
    InterpolationCase(input: "${UNSET:-${VAR}}", expected: "value"),
    InterpolationCase(input: "${UNSET:-${ALSO_UNSET:-deep}}", expected: "deep"),
    InterpolationCase(input: "${UNSET:-a-${VAR}-b}", expected: "a-value-b"),
    InterpolationCase(input: "${VAR:-${UNSET}}", expected: "value"),
    InterpolationCase(input: "${UNSET-$OTHER}", expected: "other"),
    InterpolationCase(input: "${VAR:+port ${PORT}}", expected: "port 8080"),
    InterpolationCase(input: "${UNSET:-$$}", expected: "$"),
    InterpolationCase(input: "${VAR:-x}}", expected: "value}"),
    InterpolationCase(input: "http://api:${PORT:-80}/v1", expected: "http://api:8080/v1"),
    InterpolationCase(input: "café-$VAR-ü", expected: "café-value-ü"),
  ]

  @Test(arguments: expansions)
  func expands(_ row: InterpolationCase) throws {
    let expansion = try Interpolation(variables: Self.variables).expand(row.input)
    #expect(expansion.value == row.expected)
    #expect(expansion.unsetVariables == row.unset)
  }

  static let failures: [InterpolationFailureCase] = [
    InterpolationFailureCase(
      input: "${UNSET:?set UNSET to the registry}",
      expected: .missingRequired(variable: "UNSET", message: "set UNSET to the registry")),
    InterpolationFailureCase(
      input: "${EMPTY:?must not be empty}", expected: .missingRequired(variable: "EMPTY", message: "must not be empty")),
    InterpolationFailureCase(input: "${UNSET?}", expected: .missingRequired(variable: "UNSET", message: "")),
    InterpolationFailureCase(input: "${UNSET?gone}", expected: .missingRequired(variable: "UNSET", message: "gone")),
    InterpolationFailureCase(
      input: "${UNSET:?needs ${VAR}}", expected: .missingRequired(variable: "UNSET", message: "needs value")),
    InterpolationFailureCase(
      input: "${UNSET:-${INNER:?inner missing}}",
      expected: .missingRequired(variable: "INNER", message: "inner missing")),
    InterpolationFailureCase(input: "${VAR", expected: .invalidFormat("${VAR")),
    InterpolationFailureCase(input: "${}", expected: .invalidFormat("${}")),
    InterpolationFailureCase(input: "${1X}", expected: .invalidFormat("${1X}")),
    InterpolationFailureCase(input: "${VAR:x}", expected: .invalidFormat("${VAR:x}")),
    InterpolationFailureCase(input: "${VAR:}", expected: .invalidFormat("${VAR:}")),
    InterpolationFailureCase(input: "${VAR/a/b}", expected: .invalidFormat("${VAR/a/b}")),
  ]

  @Test(arguments: failures)
  func fails(_ row: InterpolationFailureCase) {
    #expect(throws: row.expected) { try Interpolation(variables: Self.variables).expand(row.input) }
  }

  @Test func requiredMessageReadsLikeCompose() {
    let failure = Interpolation.Failure.missingRequired(variable: "REGISTRY", message: "set the registry")
    #expect(failure.description == "required variable REGISTRY is missing a value: set the registry")
    #expect(
      Interpolation.Failure.missingRequired(variable: "X", message: "").description
        == "required variable X is missing a value")
  }
}
