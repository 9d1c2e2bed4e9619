import GantryCore

/// Reads a compose `.env` file: `KEY=VALUE` (or `KEY: VALUE`) lines with an optional `export` prefix,
/// `#` comment lines, single-quoted literal values, double-quoted values with escapes (`\n`, `\r`, `\t`, `\\`, `\"`)
/// and interpolation, and unquoted values ending at a ` #` comment. Quoted values may span lines.
/// A bare `KEY` takes the value of the environment, when set there.
struct DotEnv {
  /// The variables defined, after interpolation.
  var variables: [String: String] = [:]
  /// Problems, located in the file.
  var diagnostics: [Diagnostic] = []

  /// Parses `text`; `file` names it in diagnostics. `environment` (the process environment) wins over the file's
  /// own values and is consulted first when a value is interpolated.
  static func parse(_ text: String, file: String, environment: [String: String]) -> DotEnv {
    var parser = DotEnvParser(scalars: Array(text.unicodeScalars), file: file, environment: environment)
    parser.run()
    return DotEnv(variables: parser.result.variables, diagnostics: parser.result.diagnostics)
  }
}

/// The scanner behind `DotEnv.parse`, keeping line and column for diagnostics.
private struct DotEnvParser {
  let scalars: [Unicode.Scalar]
  let file: String
  let environment: [String: String]
  var result = DotEnv()
  var index = 0
  var line = 1
  var lineStart = 0

  init(scalars: [Unicode.Scalar], file: String, environment: [String: String]) {
    self.scalars = scalars
    self.file = file
    self.environment = environment
  }

  var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
  var location: SourceLocation { SourceLocation(file: file, line: line, column: index - lineStart + 1) }

  mutating func run() {
    while true {
      skip { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
      guard let first = current else { return }
      if first == "#" {
        skipRestOfLine()
        continue
      }
      guard statement() else { return }
    }
  }

  /// One `KEY=VALUE` statement; false when the rest of the file cannot be read.
  mutating func statement() -> Bool {
    if startsWord("export") {
      index += 6
      skip(while: Self.isBlank)
    }
    let keyLocation = location
    let keyStart = index
    skip { !Self.isBlank($0) && $0 != "=" && $0 != ":" && $0 != "\n" && $0 != "\r" }
    let key = text(keyStart..<index)
    guard !key.isEmpty, key.unicodeScalars.allSatisfy(Self.isKeyScalar) else {
      result.diagnostics.append(
        .error(
          "invalid variable name '\(key)' in \(file)", at: keyLocation,
          hint: "names use letters, digits, '_', '.' and '-', followed by '=' and the value"))
      skipRestOfLine()
      return true
    }
    skip(while: Self.isBlank)
    guard let separator = current, separator != "\n", separator != "\r", separator != "#" else {
      // A bare name takes its value from the environment.
      if let value = environment[key] { result.variables[key] = value }
      skipRestOfLine()
      return true
    }
    guard separator == "=" || separator == ":" else {
      result.diagnostics.append(
        .error("expected '=' after '\(key)'", at: location, hint: "write \(key)=VALUE"))
      skipRestOfLine()
      return true
    }
    index += 1
    skip(while: Self.isBlank)
    guard let value = value() else { return false }
    result.variables[key] = environment[key] ?? value
    return true
  }

  /// A value, quoted or not, with the rest of its line; nil after an unterminated quote.
  mutating func value() -> String? {
    let start = location
    switch current {
    case "'":
      guard let literal = quoted("'", escapes: ["'": "'"]) else { return nil }
      finishQuotedLine()
      return literal
    case "\"":
      let escapes: [Unicode.Scalar: Unicode.Scalar] = ["n": "\n", "r": "\r", "t": "\t", "\\": "\\", "\"": "\""]
      guard let raw = quoted("\"", escapes: escapes) else { return nil }
      finishQuotedLine()
      return interpolate(raw, at: start)
    default:
      let valueStart = index
      var end = index
      while let scalar = current, scalar != "\n" {
        if scalar == "#", index > 0, Self.isBlank(scalars[index - 1]) { break }
        index += 1
        if !Self.isBlank(scalar) && scalar != "\r" { end = index }
      }
      skipRestOfLine()
      return interpolate(text(valueStart..<end), at: start)
    }
  }

  /// The text between `quote` and its closing twin, with `escapes` applied after a backslash.
  mutating func quoted(_ quote: Unicode.Scalar, escapes: [Unicode.Scalar: Unicode.Scalar]) -> String? {
    let start = location
    index += 1
    var value = String.UnicodeScalarView()
    while let scalar = current {
      if scalar == quote {
        index += 1
        return String(value)
      }
      if scalar == "\\", index + 1 < scalars.count, let escaped = escapes[scalars[index + 1]] {
        value.append(escaped)
        index += 2
        continue
      }
      if scalar == "\n" { newLine() } else { index += 1 }
      value.append(scalar)
    }
    result.diagnostics.append(
      .error(
        "unterminated quoted value in \(file)", at: start,
        hint: "close the value with \(quote == "'" ? "'" : "\"")"))
    return nil
  }

  /// After a closing quote only blanks and a `#` comment may follow on the line.
  mutating func finishQuotedLine() {
    skip(while: Self.isBlank)
    if let scalar = current, scalar != "\n", scalar != "\r", scalar != "#" {
      result.diagnostics.append(
        .error("unexpected text after the closing quote", at: location, hint: "start a comment with ' #'"))
    }
    skipRestOfLine()
  }

  mutating func interpolate(_ raw: String, at location: SourceLocation) -> String {
    var variables = result.variables
    variables.merge(environment) { _, process in process }
    do {
      let expansion = try Interpolation(variables: variables).expand(raw)
      for name in expansion.unsetVariables {
        result.diagnostics.append(
          .warning(
            "variable '\(name)' is not set, using an empty string", at: location,
            hint: "define \(name) earlier in the file or in the environment"))
      }
      return expansion.value
    } catch {
      result.diagnostics.append(.error(error.description, at: location, hint: error.hint))
      return ""
    }
  }

  mutating func skipRestOfLine() {
    while let scalar = current, scalar != "\n" { index += 1 }
  }

  mutating func skip(while predicate: (Unicode.Scalar) -> Bool) {
    while let scalar = current, predicate(scalar) {
      if scalar == "\n" { newLine() } else { index += 1 }
    }
  }

  mutating func newLine() {
    index += 1
    line += 1
    lineStart = index
  }

  func startsWord(_ word: String) -> Bool {
    let word = Array(word.unicodeScalars)
    guard index + word.count < scalars.count, Array(scalars[index..<index + word.count]) == word else { return false }
    return Self.isBlank(scalars[index + word.count])
  }

  func text(_ range: Range<Int>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[range])
    return String(view)
  }

  static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }

  static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar == "." || scalar == "-" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
      || ("0"..."9").contains(scalar)
  }
}
