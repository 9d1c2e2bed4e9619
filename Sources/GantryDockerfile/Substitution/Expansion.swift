/// The result of expanding one word: quotes removed and variables substituted.
struct Expansion {
  var bytes: ArraySlice<UInt8> = []
  /// Names used but never declared, in order of use.
  var undeclared: [String] = []
  /// The first syntax or `${V?message}` error, if any.
  var error: String?

  var text: String { bytes.decoded }
}
