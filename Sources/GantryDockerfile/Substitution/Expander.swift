/// Expands a word as Docker's shell lexer does: quotes, escapes, `$V`, `${V}` and `${V:-x}`-style modifiers.
struct Expander {
  /// How deep `${A:-${B:-…}}` may nest. BuildKit sets no bound; real files nest a few levels, and a
  /// bound keeps a hostile file from exhausting the stack.
  static let maximumNesting = 100

  let escape: UInt8
  let variables: Variables

  /// Expands `word`.
  func expand(_ word: ArraySlice<UInt8>) -> Expansion {
    let plain = !word.contains {
      $0 == Byte.dollar || $0 == Byte.singleQuote || $0 == Byte.doubleQuote || $0 == escape
    }
    if plain { return Expansion(bytes: word) }
    var scanner = Scanner(input: word, escape: escape, variables: variables)
    var expansion = Expansion()
    expansion.bytes = scanner.word(stoppingAt: nil)[...]
    expansion.undeclared = scanner.undeclared
    expansion.error = scanner.error
    return expansion
  }

  func expand(_ word: String) -> Expansion {
    expand(Array(word.utf8)[...])
  }
}

/// The cursor over one word being expanded.
private struct Scanner {
  let input: ArraySlice<UInt8>
  let escape: UInt8
  let variables: Variables
  var index: Int
  var undeclared: [String] = []
  var error: String?
  /// How many `${` are open at `index`.
  private var depth = 0

  init(input: ArraySlice<UInt8>, escape: UInt8, variables: Variables) {
    self.input = input
    self.escape = escape
    self.variables = variables
    self.index = input.startIndex
  }

  private var atEnd: Bool { index >= input.endIndex }
  private var peek: UInt8? { atEnd ? nil : input[index] }

  private mutating func fail(_ message: String) {
    if error == nil { error = message }
  }

  /// Reads up to `stop` (consumed) or the end, processing quotes, escapes and variables.
  mutating func word(stoppingAt stop: UInt8?) -> [UInt8] {
    var output: [UInt8] = []
    while let byte = peek {
      if let stop, byte == stop {
        index += 1
        return output
      }
      switch byte {
      case escape:
        index += 1
        if let next = peek {
          output.append(next)
          index += 1
        }
      case Byte.singleQuote:
        singleQuoted(into: &output)
      case Byte.doubleQuote:
        doubleQuoted(into: &output)
      case Byte.dollar:
        dollar(into: &output)
      default:
        output.append(byte)
        index += 1
      }
    }
    if let stop { fail("missing '\(String(UnicodeScalar(stop)))'") }
    return output
  }

  private mutating func singleQuoted(into output: inout [UInt8]) {
    index += 1
    while let byte = peek {
      index += 1
      if byte == Byte.singleQuote { return }
      output.append(byte)
    }
    fail("unterminated single quote")
  }

  private mutating func doubleQuoted(into output: inout [UInt8]) {
    index += 1
    while let byte = peek {
      if byte == Byte.doubleQuote {
        index += 1
        return
      }
      if byte == Byte.dollar {
        dollar(into: &output)
        continue
      }
      index += 1
      if byte == escape, let next = peek, next == Byte.doubleQuote || next == Byte.dollar || next == escape {
        output.append(next)
        index += 1
      } else {
        output.append(byte)
      }
    }
    fail("unterminated double quote")
  }

  /// A name: a run of digits, or letters, digits and underscores.
  private mutating func name() -> String {
    let start = index
    if let first = peek, Byte.isDigit(first) {
      while let byte = peek, Byte.isDigit(byte) { index += 1 }
    } else {
      while let byte = peek, Byte.isNameCharacter(byte) { index += 1 }
    }
    return input[start..<index].decoded
  }

  private mutating func lookup(_ name: String) -> Variables.Lookup {
    let result = variables.lookup(name)
    if result == .undeclared, !undeclared.contains(name) { undeclared.append(name) }
    return result
  }

  /// Expands the `$` expression at `index` into `output`; platform arguments keep their written form.
  private mutating func dollar(into output: inout [UInt8]) {
    let start = index
    index += 1
    guard peek == Byte.leftBrace else {
      let name = name()
      if name.isEmpty {
        output.append(Byte.dollar)
        return
      }
      switch lookup(name) {
      case .value(let value): output.append(contentsOf: value.utf8)
      case .keepAsWritten: output.append(contentsOf: input[start..<index])
      case .unset, .undeclared: break
      }
      return
    }
    index += 1
    depth += 1
    defer { depth -= 1 }
    guard depth <= Expander.maximumNesting else {
      fail("substitutions nested more than \(Expander.maximumNesting) levels deep")
      index = input.endIndex
      return
    }
    let name = name()
    guard !name.isEmpty, let modifier = peek else {
      fail(atEnd ? "missing '}'" : "bad substitution")
      skipPastBrace()
      return
    }
    index += 1
    let found = lookup(name)
    let result = braced(name: name, modifier: modifier, found: found)
    if found == .keepAsWritten {
      output.append(contentsOf: input[start..<index])
    } else {
      output.append(contentsOf: result)
    }
  }

  /// Applies the modifier of `${name<modifier>...}`; `index` is just past the modifier character.
  private mutating func braced(name: String, modifier: UInt8, found: Variables.Lookup) -> [UInt8] {
    var value: [UInt8] = []
    var isSet = false
    if case .value(let text) = found {
      value = Array(text.utf8)
      isSet = true
    }
    switch modifier {
    case Byte.rightBrace:
      return value
    case Byte.colon:
      guard let operation = peek else {
        fail("missing '}'")
        return []
      }
      index += 1
      let word = word(stoppingAt: Byte.rightBrace)
      switch operation {
      case Byte.minus: return value.isEmpty ? word : value
      case Byte.plus: return value.isEmpty ? [] : word
      case Byte.questionMark:
        if value.isEmpty, found != .keepAsWritten {
          let reason = isSet ? "is not allowed to be empty" : "is not allowed to be unset"
          fail("\(name): \(word.isEmpty ? reason : word.decoded)")
        }
        return value
      default:
        fail("unsupported modifier ':\(String(UnicodeScalar(operation)))' in substitution")
        return value
      }
    case Byte.minus:
      let word = word(stoppingAt: Byte.rightBrace)
      return isSet ? value : word
    case Byte.plus:
      let word = word(stoppingAt: Byte.rightBrace)
      return isSet ? word : []
    case Byte.questionMark:
      let word = word(stoppingAt: Byte.rightBrace)
      if !isSet, found != .keepAsWritten {
        fail("\(name): \(word.isEmpty ? "is not allowed to be unset" : word.decoded)")
      }
      return value
    case Byte.hash, Byte.percent:
      let longest = peek == modifier
      if longest { index += 1 }
      let pattern = word(stoppingAt: Byte.rightBrace)
      return modifier == Byte.hash
        ? Pattern.removingPrefix(pattern, from: value, longest: longest)
        : Pattern.removingSuffix(pattern, from: value, longest: longest)
    case Byte.slash:
      let all = peek == Byte.slash
      if all { index += 1 }
      let pattern = word(stoppingAt: Byte.slash)
      let replacement = word(stoppingAt: Byte.rightBrace)
      return Pattern.replacing(pattern, with: replacement, in: value, all: all)
    default:
      fail("unsupported modifier '\(String(UnicodeScalar(modifier)))' in substitution")
      skipPastBrace()
      return value
    }
  }

  private mutating func skipPastBrace() {
    while let byte = peek {
      index += 1
      if byte == Byte.rightBrace { return }
    }
  }
}
