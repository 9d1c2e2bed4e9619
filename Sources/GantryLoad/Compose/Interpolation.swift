/// Compose variable interpolation of one value: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:?message}`, `${VAR?message}`, `${VAR:+replacement}`, `${VAR+replacement}` and `$$` for a literal `$`.
///
/// Defaults, replacements and messages may nest further expressions (`${A:-${B:-x}}`); they are expanded
/// only when used. A `$` that starts no valid expression (`$1`, a trailing `$`) is kept as written.
struct Interpolation: Sendable {
  /// The variables values are taken from.
  var variables: [String: String]

  init(variables: [String: String]) {
    self.variables = variables
  }

  /// The value with every expression replaced, and the variables that were used without being set.
  struct Expansion: Hashable, Sendable {
    var value: String
    /// Variables read by `$VAR` or `${VAR}` that are not set: they became empty strings.
    var unsetVariables: [String]
  }

  /// Why a value cannot be expanded.
  enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
    /// `${VAR:?message}` or `${VAR?message}` with the variable missing (or empty for `:?`).
    case missingRequired(variable: String, message: String)
    /// A `${` that does not form an expression, e.g. unclosed or with an unknown operator.
    case invalidFormat(String)

    /// The sentence to show the user.
    var description: String {
      switch self {
      case .missingRequired(let variable, let message):
        return "required variable \(variable) is missing a value" + (message.isEmpty ? "" : ": \(message)")
      case .invalidFormat(let text):
        return "invalid interpolation format in '\(text)'"
      }
    }

    /// How to fix it.
    var hint: String {
      switch self {
      case .missingRequired(let variable, _):
        return "set \(variable) in the environment or in the .env file beside the compose file"
      case .invalidFormat:
        return "write $VAR, ${VAR}, ${VAR:-default} or ${VAR:?message}; use $$ for a literal $"
      }
    }
  }

  /// Expands every expression in `text`.
  func expand(_ text: String) throws(Failure) -> Expansion {
    guard text.contains("$") else { return Expansion(value: text, unsetVariables: []) }
    var expander = Expander(scalars: Array(text.unicodeScalars), text: text, variables: variables)
    let value = try expander.expand(0..<expander.scalars.count)
    return Expansion(value: value, unsetVariables: expander.unset)
  }
}

/// The scanner behind `Interpolation.expand`, over the Unicode scalars of one value.
private struct Expander {
  let scalars: [Unicode.Scalar]
  let text: String
  let variables: [String: String]
  var unset: [String] = []

  init(scalars: [Unicode.Scalar], text: String, variables: [String: String]) {
    self.scalars = scalars
    self.text = text
    self.variables = variables
  }

  mutating func expand(_ range: Range<Int>) throws(Interpolation.Failure) -> String {
    var output = String.UnicodeScalarView()
    var index = range.lowerBound
    while index < range.upperBound {
      let scalar = scalars[index]
      let next = index + 1 < range.upperBound ? scalars[index + 1] : nil
      guard scalar == "$", let next else {
        output.append(scalar)
        index += 1
        continue
      }
      if next == "$" {
        output.append("$")
        index += 2
      } else if next == "{" {
        guard let close = closingBrace(from: index, limit: range.upperBound) else {
          throw .invalidFormat(text)
        }
        output.append(contentsOf: try braced(index + 2..<close).unicodeScalars)
        index = close + 1
      } else if Self.isNameStart(next) {
        let end = nameEnd(from: index + 1, limit: range.upperBound)
        output.append(contentsOf: lookup(name(index + 1..<end)).unicodeScalars)
        index = end
      } else {
        output.append(scalar)
        index += 1
      }
    }
    return String(output)
  }

  /// The body of `${…}` without the braces.
  private mutating func braced(_ range: Range<Int>) throws(Interpolation.Failure) -> String {
    guard range.lowerBound < range.upperBound, Self.isNameStart(scalars[range.lowerBound]) else {
      throw .invalidFormat(text)
    }
    let end = nameEnd(from: range.lowerBound, limit: range.upperBound)
    let variable = name(range.lowerBound..<end)
    guard end < range.upperBound else { return lookup(variable) }
    var cursor = end
    let colon = scalars[cursor] == ":"
    if colon { cursor += 1 }
    guard cursor < range.upperBound else { throw .invalidFormat(text) }
    let argument = cursor + 1..<range.upperBound
    let value = variables[variable]
    // With a colon an empty value counts as missing; without, only an unset one does.
    let present = colon ? !(value ?? "").isEmpty : value != nil
    switch scalars[cursor] {
    case "-":
      return present ? (value ?? "") : try expand(argument)
    case "?":
      if present { return value ?? "" }
      throw .missingRequired(variable: variable, message: try expand(argument))
    case "+":
      return present ? try expand(argument) : ""
    default:
      throw .invalidFormat(text)
    }
  }

  /// The value of a variable read without a default; unset variables are recorded and read as empty.
  private mutating func lookup(_ variable: String) -> String {
    if let value = variables[variable] { return value }
    if !unset.contains(variable) { unset.append(variable) }
    return ""
  }

  /// The `}` closing the `${` at `start`, counting nested `${` and skipping `$$`.
  private func closingBrace(from start: Int, limit: Int) -> Int? {
    var depth = 0
    var index = start
    while index < limit {
      if scalars[index] == "$", index + 1 < limit, scalars[index + 1] == "$" || scalars[index + 1] == "{" {
        if scalars[index + 1] == "{" { depth += 1 }
        index += 2
        continue
      }
      if scalars[index] == "}" {
        depth -= 1
        if depth == 0 { return index }
      }
      index += 1
    }
    return nil
  }

  private func nameEnd(from start: Int, limit: Int) -> Int {
    var index = start
    while index < limit, Self.isNameStart(scalars[index]) || ("0"..."9").contains(scalars[index]) {
      index += 1
    }
    return index
  }

  private func name(_ range: Range<Int>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[range])
    return String(view)
  }

  /// Names are `[_a-zA-Z][_a-zA-Z0-9]*`, as in the compose specification.
  static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
  }
}
