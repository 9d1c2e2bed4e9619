import GantryCore

/// Tests write platforms as text (`"linux/arm64"`); a literal that is not a platform stops the test.
extension Platform: ExpressibleByStringLiteral {
  public init(stringLiteral text: String) {
    guard let platform = Platform(text) else { preconditionFailure("'\(text)' is not a platform") }
    self = platform
  }
}
